/* hrm-server-private.h — what the route groups of hrm-server share
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hrm-db.h"
#include "hrm-http.h"
#include "hrm-outbox.h"
#include "hrm-server.h"
#include "hrm-server-user.h"
#include "hrm-tokens.h"

G_BEGIN_DECLS

/* How long a signed-in session and its links last, in seconds. */
#define HRM_ACCESS_TOKEN_TTL     900
#define HRM_REFRESH_TOKEN_TTL    (30 * 24 * 3600)
#define HRM_RESET_TOKEN_TTL      3600
#define HRM_RESEND_INTERVAL      60
/* Failed sign-ins (hrm-server-sign-in-limits.c): lockout per username and
 * address, throttle per username, and the bound on unknown names. */
#define HRM_LOCKOUT_FAILURES     5
#define HRM_LOCKOUT_WINDOW       (15 * 60)
#define HRM_THROTTLE_AFTER       50
#define HRM_THROTTLE_MAX_DELAY   (5 * 60)
#define HRM_KNOWN_ADDRESS_DAYS   30
#define HRM_UNKNOWN_FAILURES_MAX 10000

/* Password hashes queued or running at most (HRM_SERVER_HASH_QUEUE), and the
 * Retry-After of the 503 beyond. */
#define HRM_HASH_QUEUE_LIMIT     32
#define HRM_HASH_BUSY_RETRY      5
/* set_email previews running at once; more get 503 (each holds its file,
 * up to 100 000 rows). */
#define HRM_MAX_IMPORT_PREVIEWS  2

struct _HrmServer
{
  GObject          parent_instance;

  /* owned */
  SoupServer      *soup;
  HrmDb           *db;
  HrmOutbox       *outbox;      /* mail, delivered after the commit that queued it */
  GTlsCertificate *tls_certificate;
  GPtrArray       *routes;
  char            *base_url;    /* what it listens on, with a trailing slash */
  char            *public_url;  /* for links in mail; with a trailing slash, or NULL */
  guint            purge_id;    /* hourly clean-up of expired tokens and leavers */
  guint            bulk_id;     /* the bulk-job runner's next step (hrm-server-bulk-runner.c) */
  gint64           bulk_next_at; /* monotonic µs before which no further mail is queued */
  double           mail_rate;   /* bulk mails per second */

  /* The users list's totals (hrm-server-users.c): count SQL and its
   * parameters → total, valid while the database's generation is this. */
  GHashTable      *list_totals;
  guint64          list_totals_generation;

  /* settings (tests shorten them through the environment) */
  gint64           access_token_ttl;
  gint64           resend_interval;
  gint64           verification_ttl;  /* -1: the organisation's setting */
  int              hash_queue_limit;
  gint64           throttle_after;
  gint64           unknown_failures_max;

  /* connection limits (hrm-server-transport.c); timeouts in seconds */
  GHashTable      *connections;       /* GSocket (weak) → its state, owned */
  GHashTable      *per_client;        /* peer address → open connections */
  guint            max_connections;
  guint            max_per_client;
  guint            header_timeout;
  guint            idle_timeout;
  guint            body_timeout;
  guint            io_timeout;

  /* browser sign-in (hrm-server-authorize.c) */
  gboolean         allow_password_grant;  /* --allow-password-grant */
  gboolean         require_totp;          /* --require-totp */
  GHashTable      *authorize_pending;     /* id → sign-in waiting for its second factor */

  /* set_email previews in progress (hrm-server-bulk-email.c) */
  GPtrArray       *import_previews;       /* HrmImportPreview, each owned by its idle source */
};

typedef enum
{
  HRM_ROUTE_PUBLIC,      /* no sign-in needed */
  HRM_ROUTE_SIGNED_IN,   /* a valid access token */
  HRM_ROUTE_USERS_VIEW,  /* and a role that grants the Users view */
} HrmRouteAccess;

typedef struct
{
  HrmServer         *server;  /* borrowed */
  HrmDb             *db;      /* borrowed */
  SoupServerMessage *msg;     /* borrowed */
  gint64             id;      /* the {id} of the path, 0 when none */
  GHashTable        *query;   /* decoded query string, never NULL */

  /* the signed-in caller (routes other than HRM_ROUTE_PUBLIC) */
  gint64             caller_pk;
  char              *caller_name;
  gboolean           may_manage_users;
} HrmRequest;

typedef void (*HrmRouteFunc) (HrmRequest *req);

void        _hrm_server_add_route             (HrmServer      *self,
                                               const char     *method,
                                               const char     *pattern,
                                               HrmRouteAccess  access,
                                               HrmRouteFunc    func);
/* A route whose handler only reads the database: the token check and the
 * handler run in one read transaction (hrm_db_begin_read). */
void        _hrm_server_add_read_route        (HrmServer      *self,
                                               const char     *method,
                                               const char     *pattern,
                                               HrmRouteAccess  access,
                                               HrmRouteFunc    func);
const char *_hrm_server_link_base             (HrmServer      *self);
gint64      _hrm_server_verification_ttl      (HrmServer      *self);
/* After a commit that queued mail (hrm_outbox_queue). */
void        _hrm_server_deliver_mail          (HrmServer      *self);
/* The organisation's name, or NULL when the database has none (no --demo). */
char       *_hrm_server_organisation_name     (HrmServer      *self);

typedef enum
{
  HRM_SIGN_IN_ALLOWED,
  HRM_SIGN_IN_LOCKED,     /* this address, for this username */
  HRM_SIGN_IN_THROTTLED,  /* this username, for addresses it has not signed in from */
} HrmSignInVerdict;

char            *_hrm_sign_in_client_address  (SoupServerMessage  *msg);
gint64           _hrm_sign_in_throttle_delay_ms (gint64            failures,
                                                 gint64            threshold);
HrmSignInVerdict _hrm_sign_in_check           (HrmServer          *self,
                                               const char         *username,
                                               const char         *address,
                                               gint64             *out_seconds,
                                               GError            **error);
gboolean         _hrm_sign_in_record_failure  (HrmServer          *self,
                                               const char         *username,
                                               const char         *address,
                                               gboolean            known,
                                               GError            **error);
gboolean         _hrm_sign_in_record_success  (HrmServer          *self,
                                               const char         *username,
                                               const char         *address,
                                               GError            **error);

gboolean    _hrm_server_push_hash_job         (HrmServer      *self,
                                               GFunc           work,
                                               GSourceFunc     done,
                                               gpointer        data,
                                               GDestroyNotify  free_data);
/* The number of seconds in environment variable @name, or @fallback. */
gint64      _hrm_server_env_seconds           (const char     *name,
                                               gint64          fallback);

void        _hrm_server_transport_init        (HrmServer      *self);
void        _hrm_server_transport_shutdown    (HrmServer      *self);

void        _hrm_server_oauth_register        (HrmServer      *self);
/* Browser sign-in (hrm-server-authorize.c): discovery, GET and POST
 * /oauth/authorize, and the authorization_code grant of POST /oauth/token. */
void        _hrm_server_authorize_register    (HrmServer      *self);
void        _hrm_server_authorization_code_grant (HrmRequest  *req,
                                               GHashTable     *form);
/* Issues an access and a refresh token of sign-in @family and sends them,
 * inside the caller's transaction (hrm-server-oauth.c). */
gboolean    _hrm_server_issue_tokens          (HrmServer          *self,
                                               SoupServerMessage  *msg,
                                               gint64              user_pk,
                                               const char         *family,
                                               GError            **error);
void        _hrm_server_users_register        (HrmServer      *self);
void        _hrm_server_organisation_register (HrmServer      *self);
gboolean    _hrm_server_may_change_organisation (HrmDb        *db,
                                               gint64          user_pk,
                                               gboolean       *out_may,
                                               GError        **error);
/* Why no verification mail may go to @user's saved address (422 or 409 in
 * @out_status), or NULL (hrm-server-organisation.c). */
const char *_hrm_server_email_refusal         (const HrmServerUser *user,
                                               guint               *out_status);
/* Links @user to its saved address at once, without a mail: an address in a
 * verified domain, in the open transaction (hrm-server-connection.c). */
gboolean    _hrm_server_link_verified_domain  (HrmDb               *db,
                                               const HrmServerUser *user,
                                               const char          *actor,
                                               gint64               job_id,
                                               GError             **error);
/* Makes @user not linked in the open transaction, as DELETE …/connection
 * does (hrm-server-connection.c). */
gboolean    _hrm_server_delete_connection     (HrmDb               *db,
                                               const HrmServerUser *user,
                                               const char          *actor,
                                               GError             **error);
/* Deletes the connection of every leaver whose removal day has come
 * (hrm-server-leavers.c); at start and hourly. */
gboolean    _hrm_server_unlink_leavers        (HrmServer      *self,
                                               guint          *out_count,
                                               GError        **error);
void        _hrm_server_users_patch_register  (HrmServer      *self);
void        _hrm_server_connection_register   (HrmServer      *self);
void        _hrm_server_authz_register        (HrmServer      *self);
void        _hrm_server_events_register       (HrmServer      *self);
void        _hrm_server_pages_register        (HrmServer      *self);
/* An HTML page in the employee pages' look; @content is markup. */
void        _hrm_server_send_page             (HrmRequest     *req,
                                               guint           status,
                                               gboolean        swedish,
                                               const char     *title,
                                               const char     *content);
void        _hrm_server_provisioning_register (HrmServer      *self);

char       *_hrm_server_users_page_sql        (int             search,
                                               gboolean        dense,
                                               gboolean        with_state,
                                               gboolean        with_enabled,
                                               gboolean        with_cursor);
char       *_hrm_server_users_rank_page_sql   (int             search,
                                               gboolean        with_cursor);
char       *_hrm_server_users_count_sql       (int             search,
                                               gboolean        with_state,
                                               gboolean        with_enabled);
char       *_hrm_server_users_expiry_page_sql (int             search,
                                               gboolean        dense,
                                               gboolean        expired,
                                               gboolean        with_enabled,
                                               gboolean        with_cursor);
char       *_hrm_server_users_expiry_count_sql (int            search,
                                                gboolean       expired,
                                                gboolean       with_enabled);
char       *_hrm_server_users_email_page_sql  (gboolean        dense,
                                               gboolean        with_state,
                                               int             email,
                                               gboolean        with_enabled,
                                               gboolean        with_cursor);
char       *_hrm_server_users_email_count_sql (gboolean        with_state,
                                               int             email,
                                               gboolean        with_enabled);
const char *_hrm_server_provisioning_summary_sql (void);
HrmStmt    *_hrm_server_users_filter_prepare  (HrmDb          *db,
                                               const char     *q,
                                               const char     *connection,
                                               int             enabled,
                                               const char     *email,
                                               GError        **error);
HrmStmt    *_hrm_server_users_filter_prepare_warning (HrmDb    *db,
                                               const char     *q,
                                               const char     *connection,
                                               int             enabled,
                                               const char     *email,
                                               const char     *email_warning,
                                               GError        **error);

gboolean    _hrm_server_record_event          (HrmDb          *db,
                                               gint64          user_pk,
                                               const char     *actor,
                                               const char     *action,
                                               const char     *details,
                                               GError        **error);

gboolean    _hrm_server_queue_verification    (HrmServer           *self,
                                               HrmDb               *db,
                                               const HrmServerUser *user,
                                               const char          *actor,
                                               gint64               job_id,
                                               gint64               now,
                                               GError             **error);
/* Stores a checked change of a user in the open transaction, with its event,
 * as PATCH does (hrm-server-users-patch.c). */
gboolean    _hrm_server_user_save             (HrmDb               *db,
                                               const HrmServerUser *before,
                                               const HrmServerUser *after,
                                               const char          *actor,
                                               gboolean            *out_stale,
                                               GError             **error);

void        _hrm_server_bulk_jobs_register    (HrmServer      *self);
/* Writes the outcome of item @seq of @job_id and counts it, in the open
 * transaction (hrm-server-bulk-runner.c). */
gboolean    _hrm_server_bulk_record_outcome   (HrmDb          *db,
                                               gint64          job_id,
                                               gint64          seq,
                                               const char     *outcome,
                                               const char     *reason,
                                               const char     *message,
                                               gint64          now,
                                               GError        **error);

/* set_email jobs: the rows of an imported file of User-IDs and addresses
 * (hrm-server-bulk-email.c). */
typedef struct _HrmEmailImport HrmEmailImport;
typedef struct _HrmImportPreview HrmImportPreview;

HrmEmailImport *_hrm_email_import_read        (JsonNode       *rows,
                                               GHashTable     *fields);
void        _hrm_email_import_free            (HrmEmailImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HrmEmailImport, _hrm_email_import_free)
/* Answers the preview of a set_email job (each row classified), a slice
 * at a time; takes @import. */
void        _hrm_email_import_start_preview   (HrmEmailImport *import,
                                               HrmRequest     *req);
void        _hrm_email_import_stop_previews   (HrmServer      *self);
/* Lists the rows as the items of job @job_id, in the open transaction. */
gboolean    _hrm_email_import_insert          (HrmEmailImport *import,
                                               HrmDb          *db,
                                               gint64          job_id,
                                               gboolean        then_send_verification,
                                               GError        **error);
/* Sets the address of item @seq of a set_email job, or records why not, in
 * its own transaction; @out_mailed when a verification mail was queued. */
gboolean    _hrm_server_bulk_email_process    (HrmServer      *self,
                                               gint64          job_id,
                                               const char     *actor,
                                               gint64          seq,
                                               gint64          user_pk,
                                               gboolean       *out_mailed,
                                               GError        **error);
void        _hrm_server_bulk_items_register   (HrmServer      *self);
/* Looks for queued or running bulk jobs and works on them, paced by the mail rate. */
void        _hrm_server_bulk_runner_wake      (HrmServer      *self);
void        _hrm_server_bulk_runner_stop      (HrmServer      *self);
/* Why a bulk verification skips @user at @now, or NULL when it sends. */
const char *_hrm_server_bulk_skip_reason      (HrmServer           *self,
                                               const HrmServerUser *user,
                                               gint64               now);

/* Loads the user of the path's {id}; sends 404 (or 500) and returns NULL when
 * that is not possible. */
HrmServerUser *_hrm_request_load_user         (HrmRequest     *req);
/* Sends @user with its ETag. */
void           _hrm_request_send_user         (HrmRequest          *req,
                                               const HrmServerUser *user);

typedef enum
{
  HRM_COLUMN_INT,
  HRM_COLUMN_TEXT,
  HRM_COLUMN_BOOL,
  HRM_COLUMN_TIME,  /* seconds since the epoch, sent as RFC 3339 */
} HrmColumnType;

typedef struct
{
  const char    *name;
  HrmColumnType  type;
} HrmColumn;

/* Sends 200 {"items": [one object per row of @stmt]}, column i as member
 * columns[i], or 500 when stepping fails. */
void           _hrm_request_send_rows         (HrmRequest      *req,
                                               HrmStmt         *stmt,
                                               const HrmColumn *columns,
                                               guint            n_columns);

/* Makes a JSON node of the current row of a statement. */
typedef JsonNode *(*HrmRowToJson) (HrmStmt *stmt);

/* Sends 200 {"items": [...], "next_cursor"} from @stmt, which must give at
 * most @limit + 1 rows whose column 0 is the position the next page starts
 * after: with a row past @limit, next_cursor is the last sent row's
 * position; otherwise null. 500 when stepping fails. */
void           _hrm_request_send_page         (HrmRequest      *req,
                                               HrmStmt         *stmt,
                                               gint64           limit,
                                               HrmRowToJson     row_to_json);

G_END_DECLS

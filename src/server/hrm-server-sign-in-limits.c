/* hrm-server-sign-in-limits.c — how many wrong passwords a sign-in may cost
 *
 * The policy (docs/SECURITY.md says it for people):
 *
 * - Lockout per (username, client address): 5 failed passwords within 15
 *   minutes from one address lock that address out of that username for 15
 *   minutes (429 + Retry-After), whatever password it sends next. Other
 *   addresses are not affected: guessing from one place cannot lock the
 *   administrator out everywhere.
 * - Throttle per username, across addresses: from the 50th failure within 15
 *   minutes (HRM_SERVER_THROTTLE_AFTER) every further attempt at that
 *   username waits 1 s after the latest failure, then 2 s, 4 s … doubling
 *   with each failure, at most 5 minutes (429 + Retry-After until then). This
 *   only delays, it never locks: once the delay has passed, the next attempt
 *   is checked. An address that signed in to that username within the last
 *   30 days is not delayed at all, so people at their usual computer never
 *   notice an attack on their account.
 * - A success clears the failures of that (username, address) only, so that
 *   a legitimate sign-in does not wipe the count of someone guessing elsewhere.
 * - Names that are no user are counted exactly like real ones (the answers
 *   must not tell which usernames exist), but at most
 *   HRM_SERVER_UNKNOWN_FAILURES_MAX (10 000) such failures and as many
 *   lockouts are kept: the oldest go first.
 *
 * A client address is the peer's IP address; an IPv6 address counts as its
 * /64 network, since one machine usually has a whole /64 to pick from.
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hrm-server-sign-in"

#include "config.h"

#include <string.h>

#include "hrm-server-private.h"

#define WINDOW_MS     ((gint64) HRM_LOCKOUT_WINDOW * 1000)
#define KNOWN_FOR_MS  ((gint64) HRM_KNOWN_ADDRESS_DAYS * 24 * 3600 * 1000)

static gint64
now_ms (void)
{
  return hrm_db_now_usec () / 1000;
}

static gint64
ms_to_retry_seconds (gint64 ms)
{
  return MAX (1, (ms + 999) / 1000);
}

/**
 * _hrm_sign_in_client_address:
 * The key a client's failures count under: its IP address, or for IPv6 its
 * /64 network ("2001:db8:1:2::/64").
 */
char *
_hrm_sign_in_client_address (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  GInetAddress *inet;
  const guint8 *bytes;
  guint8 network[16] = { 0, };
  g_autoptr(GInetAddress) masked = NULL;
  g_autofree char *text = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    {
      const char *host = soup_server_message_get_remote_host (msg);

      return g_strdup (host != NULL ? host : "");
    }

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  if (g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)
    return g_inet_address_to_string (inet);

  bytes = g_inet_address_to_bytes (inet);
  /* ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket. */
  if (memcmp (bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
    {
      g_autoptr(GInetAddress) v4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

      return g_inet_address_to_string (v4);
    }

  memcpy (network, bytes, 8);
  masked = g_inet_address_new_from_bytes (network, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (masked);
  return g_strconcat (text, "/64", NULL);
}

/* Milliseconds (username, address) stays locked, or 0. */
static gint64
locked_for (HrmDb       *db,
            const char  *username,
            const char  *address,
            gint64       now,
            GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT locked_until_ms FROM lockouts"
                                                " WHERE username = ? AND address = ?", error);

  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_text (stmt, 1, username);
  hrm_stmt_bind_text (stmt, 2, address);
  if (hrm_stmt_step (stmt, error) && hrm_stmt_get_int (stmt, 0) > now)
    return hrm_stmt_get_int (stmt, 0) - now;
  return 0;
}

/* Whether @address signed in as @username recently. */
static gboolean
is_known_address (HrmDb       *db,
                  const char  *username,
                  const char  *address,
                  gint64       now,
                  GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, "SELECT 1 FROM sign_in_addresses"
                                                " WHERE username = ? AND address = ?"
                                                " AND last_success_ms > ?", error);

  if (stmt == NULL)
    return FALSE;
  hrm_stmt_bind_text (stmt, 1, username);
  hrm_stmt_bind_text (stmt, 2, address);
  hrm_stmt_bind_int (stmt, 3, now - KNOWN_FOR_MS);
  return hrm_stmt_step (stmt, error);
}

/**
 * _hrm_sign_in_throttle_delay_ms:
 * @failures: failed sign-ins for a username from all addresses in the window
 * @threshold: from how many failures on attempts wait
 *
 * Returns: how long after the latest failure the next attempt may come: 0
 *   below @threshold, then 1 s, 2 s, 4 s … up to HRM_THROTTLE_MAX_DELAY.
 */
gint64
_hrm_sign_in_throttle_delay_ms (gint64 failures,
                                gint64 threshold)
{
  gint64 doublings;

  if (failures < threshold)
    return 0;
  doublings = MIN (failures - threshold, 20);
  return MIN ((gint64) 1000 << doublings, (gint64) HRM_THROTTLE_MAX_DELAY * 1000);
}

/* Milliseconds an attempt at @username must still wait because of failures
 * from all addresses, or 0. */
static gint64
throttled_for (HrmServer   *self,
               const char  *username,
               gint64       now,
               GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (self->db, "SELECT count(*), max(time_ms) FROM login_failures"
                                                      " WHERE username = ? AND time_ms > ?", error);
  gint64 failures;
  gint64 latest;
  gint64 delay;

  if (stmt == NULL)
    return 0;
  hrm_stmt_bind_text (stmt, 1, username);
  hrm_stmt_bind_int (stmt, 2, now - WINDOW_MS);
  if (!hrm_stmt_step (stmt, error))
    return 0;
  failures = hrm_stmt_get_int (stmt, 0);
  latest = hrm_stmt_get_int (stmt, 1);
  delay = _hrm_sign_in_throttle_delay_ms (failures, self->throttle_after);
  if (delay == 0)
    return 0;
  return MAX (0, latest + delay - now);
}

/**
 * _hrm_sign_in_check:
 * @out_seconds: (out): for a refusal, the Retry-After
 *
 * Whether a sign-in as @username (folded) from @address may be checked now.
 * Asked before the password hash is checked, and again after, so that
 * guesses sent all at once get the answer of the moment they finish.
 */
HrmSignInVerdict
_hrm_sign_in_check (HrmServer   *self,
                    const char  *username,
                    const char  *address,
                    gint64      *out_seconds,
                    GError     **error)
{
  GError *local_error = NULL;
  gint64 now = now_ms ();
  gint64 wait;

  *out_seconds = 0;

  wait = locked_for (self->db, username, address, now, &local_error);
  if (local_error != NULL)
    goto failed;
  if (wait > 0)
    {
      *out_seconds = ms_to_retry_seconds (wait);
      return HRM_SIGN_IN_LOCKED;
    }

  wait = throttled_for (self, username, now, &local_error);
  if (local_error != NULL)
    goto failed;
  if (wait > 0)
    {
      gboolean known = is_known_address (self->db, username, address, now, &local_error);

      if (local_error != NULL)
        goto failed;
      if (!known)
        {
          *out_seconds = ms_to_retry_seconds (wait);
          return HRM_SIGN_IN_THROTTLED;
        }
    }

  return HRM_SIGN_IN_ALLOWED;

failed:
  g_propagate_error (error, local_error);
  return HRM_SIGN_IN_ALLOWED;
}

static gboolean
run (HrmDb       *db,
     const char  *sql,
     const char  *text1,
     const char  *text2,
     gint64       int3,
     GError     **error)
{
  g_autoptr(HrmStmt) stmt = hrm_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text1 != NULL)
    hrm_stmt_bind_text (stmt, 1, text1);
  if (text2 != NULL)
    hrm_stmt_bind_text (stmt, 2, text2);
  hrm_stmt_bind_int (stmt, 3, int3);
  return hrm_stmt_run (stmt, error);
}

/* Keeps at most self->unknown_failures_max failures and lockouts of names
 * that are no user: the oldest go. */
static gboolean
bound_unknown (HrmServer  *self,
               GError    **error)
{
  return run (self->db,
              "DELETE FROM login_failures WHERE known = 0 AND id <= (SELECT id FROM login_failures"
              " WHERE known = 0 ORDER BY id DESC LIMIT 1 OFFSET ?3)",
              NULL, NULL, self->unknown_failures_max, error)
         && run (self->db,
                 "DELETE FROM lockouts WHERE known = 0 AND rowid IN (SELECT rowid FROM lockouts"
                 " WHERE known = 0 ORDER BY locked_until_ms DESC LIMIT -1 OFFSET ?3)",
                 NULL, NULL, self->unknown_failures_max, error);
}

/**
 * _hrm_sign_in_record_failure:
 * @known: whether @username is a user
 *
 * Counts a wrong password for (@username, @address); the fifth within the
 * window locks that pair. In its own transaction.
 */
gboolean
_hrm_sign_in_record_failure (HrmServer   *self,
                             const char  *username,
                             const char  *address,
                             gboolean     known,
                             GError     **error)
{
  g_autoptr(HrmDbTxn) txn = hrm_db_begin (self->db, error);
  g_autoptr(HrmStmt) insert = NULL;
  g_autoptr(HrmStmt) count = NULL;
  gint64 now = now_ms ();
  gint64 failures = 0;

  if (txn == NULL)
    return FALSE;

  insert = hrm_db_prepare (self->db, "INSERT INTO login_failures (username, address, known, time_ms)"
                                     " VALUES (?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  hrm_stmt_bind_text (insert, 1, username);
  hrm_stmt_bind_text (insert, 2, address);
  hrm_stmt_bind_int (insert, 3, known ? 1 : 0);
  hrm_stmt_bind_int (insert, 4, now);
  if (!hrm_stmt_run (insert, error)
      || !run (self->db, "DELETE FROM login_failures WHERE time_ms <= ?3", NULL, NULL,
               now - WINDOW_MS, error)
      || !run (self->db, "DELETE FROM lockouts WHERE locked_until_ms <= ?3", NULL, NULL, now, error)
      || (!known && !bound_unknown (self, error)))
    return FALSE;

  count = hrm_db_prepare (self->db, "SELECT count(*) FROM login_failures"
                                    " WHERE username = ? AND address = ? AND time_ms > ?", error);
  if (count == NULL)
    return FALSE;
  hrm_stmt_bind_text (count, 1, username);
  hrm_stmt_bind_text (count, 2, address);
  hrm_stmt_bind_int (count, 3, now - WINDOW_MS);
  if (hrm_stmt_step (count, error))
    failures = hrm_stmt_get_int (count, 0);

  if (failures >= HRM_LOCKOUT_FAILURES)
    {
      g_autoptr(HrmStmt) lock = NULL;

      g_message ("Too many failed sign-ins from one address; locking it out of a username for %d s",
                 HRM_LOCKOUT_WINDOW);
      lock = hrm_db_prepare (self->db, "INSERT OR REPLACE INTO lockouts"
                                       " (username, address, known, locked_until_ms)"
                                       " VALUES (?, ?, ?, ?)", error);
      if (lock == NULL)
        return FALSE;
      hrm_stmt_bind_text (lock, 1, username);
      hrm_stmt_bind_text (lock, 2, address);
      hrm_stmt_bind_int (lock, 3, known ? 1 : 0);
      hrm_stmt_bind_int (lock, 4, now + WINDOW_MS);
      if (!hrm_stmt_run (lock, error))
        return FALSE;
    }

  return hrm_db_txn_commit (txn, error);
}

/**
 * _hrm_sign_in_record_success:
 *
 * Forgets the failures of (@username, @address) and remembers that @address
 * signed in as @username. Inside the caller's transaction.
 */
gboolean
_hrm_sign_in_record_success (HrmServer   *self,
                             const char  *username,
                             const char  *address,
                             GError     **error)
{
  g_autoptr(HrmStmt) clear = hrm_db_prepare (self->db, "DELETE FROM login_failures"
                                                       " WHERE username = ? AND address = ?", error);

  if (clear == NULL)
    return FALSE;
  hrm_stmt_bind_text (clear, 1, username);
  hrm_stmt_bind_text (clear, 2, address);
  return hrm_stmt_run (clear, error)
         && run (self->db, "INSERT OR REPLACE INTO sign_in_addresses (username, address, last_success_ms)"
                           " VALUES (?1, ?2, ?3)", username, address, now_ms (), error);
}

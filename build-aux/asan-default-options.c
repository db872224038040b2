/* asan-default-options.c — built into every program of a sanitizer build
 *
 * LeakSanitizer's tracer crashes ("Tracer caught signal 11") at exit in any
 * process in which a library loaded with dlopen() used its thread-local
 * variables: here GnuTLS, which GIO loads through glib-networking for every
 * TLS connection (hrm-server with --tls-cert, the tests that talk to it).
 *
 * GCC 12's sanitizer runtime intercepts __tls_get_addr to learn where such
 * dynamic TLS blocks are. glibc 2.36 allocates them with malloc(), that is,
 * with ASan's allocator, and whenever the block's address is 16 bytes past a
 * page boundary (GnuTLS's 16-byte block often is) the runtime takes it for a
 * glibc 2.19 block, reads a "header" before it, and then scans a range made
 * of heap metadata: https://github.com/google/sanitizers/issues/1322 (fixed
 * in later LLVM runtimes, which ask their allocator first).
 *
 * Not intercepting __tls_get_addr loses nothing for leak checking here: the
 * blocks are heap allocations, reachable from the thread's DTV, which the
 * scan of the thread's static TLS and descriptor reaches. Options set in
 * ASAN_OPTIONS still apply on top of this default (build-aux/test.sh sets
 * its own, none of them this one).
 *
 * SPDX-FileCopyrightText: 2026 The HRM Users authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

const char *__asan_default_options (void);

__attribute__((visibility ("default"), used)) const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

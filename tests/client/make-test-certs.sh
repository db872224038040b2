#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make-test-certs.sh OUTDIR — a throwaway CA and a server certificate for the
# IP address 127.0.0.1 signed by it, for the HTTPS client tests. Built at
# build time; never used outside the tests.
set -eu

out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$tmp/ca-key.pem" -out "$out/test-ca.pem" -days 3650 -subj "/CN=HRM Users test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null

openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$out/test-server-key.pem" -out "$tmp/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null

printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$tmp/ext.cnf"

openssl x509 -req -in "$tmp/server.csr" -CA "$out/test-ca.pem" -CAkey "$tmp/ca-key.pem" \
  -set_serial 1 -days 3650 -extfile "$tmp/ext.cnf" -out "$out/test-server.pem" 2>/dev/null

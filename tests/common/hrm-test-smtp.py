#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server for the mail tests (aiosmtpd), on a free loopback port.

  hrm-test-smtp.py DIR [--cert FILE --key FILE] [--user NAME --password WORD]

Prints "PORT n" on stdout once it listens. With a certificate it offers
STARTTLS and requires it before MAIL; with a user it requires AUTH (over TLS).
Every accepted message is written to DIR/mail/new/ (a Maildir a test reads
like hrm-server's own), and DIR/log gets one line per event: "connect",
"auth NAME", "rcpt ADDRESS CODE", "data ADDRESSES". The recipient's local
part says how it is answered, so one server serves every case:

  tempfail…  451 4.3.0 on the first RCPT for that address, then 250
  reject…    550 5.1.1 mailbox unavailable, always
  stall…     the first RCPT for that address answered after a minute
             (logged "rcpt-held ADDRESS" when it arrives), then 250 at once
  slow…      the message (DATA) kept as soon as it arrived whole, but its
             250 sent three seconds later: a client gone meanwhile has
             delivered it without knowing (RFC 1047)
  anything   250
"""

import argparse
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.tried = set()
        self.count = 0

    def log(self, line):
        with open(os.path.join(self.directory, 'log'), 'a', encoding='utf-8') as log:
            log.write(line + '\n')

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split('@')[0].lower()
        if local.startswith('stall') and address.lower() not in self.tried:
            self.tried.add(address.lower())
            self.log('rcpt-held %s' % address)
            await asyncio.sleep(60)
        if local.startswith('reject'):
            answer = '550 5.1.1 <%s>: mailbox unavailable' % address
        elif local.startswith('tempfail') and address.lower() not in self.tried:
            self.tried.add(address.lower())
            answer = '451 4.3.0 Try again later'
        else:
            envelope.rcpt_tos.append(address)
            answer = '250 OK'
        self.log('rcpt %s %s' % (address, answer[:3]))
        return answer

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = '%06d.%d.smtp' % (self.count, os.getpid())
        tmp = os.path.join(self.directory, 'mail', 'tmp', name)
        with open(tmp, 'wb') as out:
            out.write(envelope.original_content)
        os.rename(tmp, os.path.join(self.directory, 'mail', 'new', name))
        self.log('data %s' % ' '.join(envelope.rcpt_tos))
        if any(a.split('@')[0].lower().startswith('slow') for a in envelope.rcpt_tos):
            await asyncio.sleep(3)
        return '250 2.0.0 Queued as %d' % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('directory')
    parser.add_argument('--cert')
    parser.add_argument('--key')
    parser.add_argument('--user')
    parser.add_argument('--password')
    options = parser.parse_args()

    for sub in ('tmp', 'new', 'cur'):
        os.makedirs(os.path.join(options.directory, 'mail', sub), exist_ok=True)
    handler = Handler(options.directory)

    context = None
    if options.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.cert, options.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        good = (isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == options.user
                and auth_data.password.decode() == options.password)
        handler.log('auth %s %s' % (auth_data.login.decode() if good else '?', 'ok' if good else 'bad'))
        return AuthResult(success=good)

    class Server(SMTP):
        def connection_made(self, transport):
            if not getattr(self, '_counted', False) and transport.get_extra_info('sslcontext') is None:
                handler.log('connect')
                self._counted = True
            super().connection_made(transport)

    def factory():
        kwargs = {}
        if context is not None:
            kwargs.update(tls_context=context, require_starttls=True)
        if options.user:
            kwargs.update(authenticator=authenticate, auth_required=True,
                          auth_require_tls=context is not None)
        return Server(handler, hostname='hrm-test-smtp', **kwargs)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(factory, '127.0.0.1', 0))
    print('PORT %d' % server.sockets[0].getsockname()[1], flush=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    sys.exit(main())

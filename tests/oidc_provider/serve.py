"""Start the test OpenID Connect provider: migrate its SQLite file, create the user, the RSA key and the client,
then serve HTTP on 127.0.0.1:<port> until killed.

    DJANGO_SETTINGS_MODULE=tests.oidc_provider.settings OIDC_TEST_DB=/tmp/x/provider.sqlite3 \
    OIDC_TEST_SITE_URL=http://127.0.0.1:8765 python -m tests.oidc_provider.serve 8765 \
        --client-id policycomm --client-secret s3cret --redirect-uri http://testserver/dang-nhap/xac-thuc/ve/
"""

from __future__ import annotations

import argparse
import socketserver
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django

USERNAME = "cong-dan"
PASSWORD = "mat-khau-thu-nghiem"  # the test provider's own user


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the stdlib's name
        pass


class _Threaded(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def setup(client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0, interactive=False)
    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"first_name": "Văn Dân", "last_name": "Nguyễn"})
    user.set_password(PASSWORD)
    user.email = "dan@example.vn"
    user.save()
    if not RSAKey.objects.exists():
        call_command("creatersakey", verbosity=0)
    client, _ = Client.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "policycomm",
            "client_type": "confidential",
            "client_secret": client_secret,
            "jwt_alg": "RS256",
            "require_consent": False,
            "redirect_uris": redirect_uris,
        },
    )
    client.response_types.set([ResponseType.objects.get(value="code")])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", action="append", default=[])
    args = parser.parse_args()
    django.setup()
    setup(args.client_id, args.client_secret, args.redirect_uri)
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", args.port, get_wsgi_application(), server_class=_Threaded, handler_class=_Quiet)
    server.serve_forever()


if __name__ == "__main__":
    main()

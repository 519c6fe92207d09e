"""The HTTP server every service and the gateway run under: uvicorn with httptools, with one
change. A request its parser refuses (a control byte in the request line or a header value, a
Content-Length that is no number) never reaches the app, and uvicorn answers it in English plain
text; here it gets the same `{code, message, field}` body in Chinese as every other 4xx."""

from __future__ import annotations

import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_BODY = orjson.dumps({"code": "invalid_request",
                      "message": "请求不符合 HTTP 协议（请求行、请求头或长度有误）", "field": None})


class ProtocolErrorsAsJson(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:  # uvicorn's one hook for parser errors
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            head.extend([name, b": ", value, b"\r\n"])
        head.extend([b"content-type: application/json\r\n",
                     b"content-length: " + str(len(_BODY)).encode("ascii") + b"\r\n",
                     b"connection: close\r\n\r\n", _BODY])
        self.transport.write(b"".join(head))
        self.transport.close()


def server_config(app, host: str, port: int, **overrides) -> uvicorn.Config:
    options = {"http": ProtocolErrorsAsJson, "log_config": None, "access_log": False, **overrides}
    return uvicorn.Config(app, host=host, port=port, **options)


def serve(app, host: str, port: int) -> None:
    uvicorn.Server(server_config(app, host, port)).run()

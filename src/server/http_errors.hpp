// The one shape of every error the server sends: {"error": {"code": "...", "message": "..."}},
// whether it comes from a handler, from httplib's own checks or from the event loop's framing.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace faqlite_server {

constexpr const char *kJsonType = "application/json; charset=utf-8";

std::string error_body(std::string_view code, std::string_view message);

void set_error(httplib::Response &res, int status, std::string_view code, std::string_view message);

// The machine code and a default message for a status that httplib produced on its own.
const char *default_error_code(int status);
const char *default_error_message(int status);

const char *reason_phrase(int status);

// A complete HTTP/1.1 error response that closes the connection, for errors answered by the event
// loop before any worker sees the request. `extra_headers` are "Name: value\r\n" lines.
std::string raw_error_response(int status, std::string_view code, std::string_view message,
                               const std::string &extra_headers);

}  // namespace faqlite_server

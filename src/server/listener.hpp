// The listening socket of `faqlite serve`.
#pragma once

#include <string>

namespace faqlite_server {

// Binds a non-blocking listening TCP socket to host:port (port 0: any free port). Returns the
// descriptor and sets `bound_port`, or returns -1 and sets `error`.
int open_listener(const std::string &host, int port, int &bound_port, std::string &error);

}  // namespace faqlite_server

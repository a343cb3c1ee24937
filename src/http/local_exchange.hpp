#pragma once
// An HTTP exchange with a site of this very process, without a socket: the request the client
// would have written is handed to the site's handler on the calling thread, and its answer read
// back as the client would have read it. A node calling its own payment sandbox (and the
// sandbox delivering to the node's own webhook endpoint) otherwise crossed four threads and
// the loopback TCP stack per call: the caller, the io thread, the sandbox's pool, the io thread
// again. Method, target, headers, body, status and answer headers are the same as on the wire;
// what the handler cannot do in-process, drop the connection, is a ConnectionError as on the
// wire.
#include <string_view>

#include "http/client.hpp"
#include "http/types.hpp"

namespace wolfix::http {

// `target` is the request's origin-form (path and query), `host` its Host header.
ClientResponse exchange_in_process(const Handler& handler, const ClientRequest& request,
                                   std::string_view target, std::string_view host);

}  // namespace wolfix::http

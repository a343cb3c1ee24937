#pragma once
#include "http/router.hpp"
#include "review/service.hpp"

namespace wolfix::review {

// /api/products/{productId}/reviews (list: anyone; write: the Customer; edit: the author;
// delete: the author or a moderator), /api/customers/{customerId}/reviews (the customer's own),
// and the moderators' /api/reviews/pending, /api/reviews/{id}/approve, DELETE /api/reviews/{id}.
void register_review_routes(http::Router& router, ReviewService& service);

}  // namespace wolfix::review

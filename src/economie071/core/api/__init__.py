"""What every app's part of the read API is built from: the programme-scoped view base,
paging, query parameters read and checked by hand, reference serializers, and errors as
application/problem+json with their place in the OpenAPI document. The router that puts
the apps' endpoints under /api/v1/ is the api app's."""

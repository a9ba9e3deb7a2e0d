"""What every part of the API shares, field by field: problems (RFC 9457) and the short
reference to an object (slug and name). Each domain's own serializers live in its api/
package (programme.api, portfolio.api, governance.api, ...).
"""

from rest_framework import serializers

# --- Problems (RFC 9457) -------------------------------------------------------------------


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The parameter (or field) that is invalid.")
    code = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Always about:blank: see the status.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    instance = serializers.CharField(required=False, help_text="The request's path and query.")
    invalidParams = InvalidParamSerializer(many=True, required=False)


# --- A reference to an object -------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()

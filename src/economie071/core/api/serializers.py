"""Serializers every app's API shares."""

from rest_framework import serializers


# A reference to another object: its slug and name. (No docstring: drf-spectacular would
# put it in the OpenAPI document as the component's description.)
class RefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()

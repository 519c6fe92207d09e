"""The client's address from X-Forwarded-For, believed only as far as trusted proxies wrote it."""

from __future__ import annotations

import ipaddress

from services.identity.api.source_address import client_address

GATEWAY = [ipaddress.ip_network("10.0.0.0/24")]


def test_a_peer_that_is_no_trusted_proxy_is_the_client_whatever_it_forwards():
    assert client_address("203.0.113.9", ["1.2.3.4"], GATEWAY) == "203.0.113.9"


def test_behind_the_gateway_the_address_it_appended_is_the_clients():
    assert client_address("10.0.0.2", ["203.0.113.9"], GATEWAY) == "203.0.113.9"


def test_what_a_client_wrote_itself_stays_left_of_what_the_gateway_appended_and_is_never_read():
    assert client_address("10.0.0.2", ["1.2.3.4, 5.6.7.8", "203.0.113.9"], GATEWAY) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_through():
    assert client_address("10.0.0.2", ["198.51.100.4, 10.0.0.7"], GATEWAY) == "198.51.100.4"


def test_garbage_where_an_address_should_be_stops_at_the_last_trusted_hop():
    assert client_address("10.0.0.2", ["<script>"], GATEWAY) == "10.0.0.2"


def test_ipv6_is_read_and_written_in_its_short_form():
    assert client_address("2001:db8:0:0::1", [], GATEWAY) == "2001:db8::1"

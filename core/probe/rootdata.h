/*
 * rootdata.h - built-in root hints and root trust anchors, as presentation
 * text for cs_zone_parse. Used only when no --hints / --anchor is given.
 */
#ifndef CS_ROOTDATA_H
#define CS_ROOTDATA_H

/* IANA root hints (named.root): the 13 root server names with their IPv4
 * and IPv6 addresses. */
extern const char cs_builtin_root_hints[];

/* IANA root trust anchors as DS records: KSK-2017 (20326) and KSK-2024
 * (38696), per https://data.iana.org/root-anchors/root-anchors.xml (as
 * shipped in Debian's dns-root-data, /usr/share/dns/root.ds). */
extern const char cs_builtin_root_anchors[];

#endif

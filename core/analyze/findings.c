#include "analyze/findings.h"

#include <string.h>

/* Compile-time checks on every X line: no empty text, a real severity. A
 * string literal of length n has sizeof n + 1. */
#define CS_FINDING_CHECK(id, code, sev, rfc, title, meaning, fix)                                  \
	_Static_assert(sizeof(code) > 1 && sizeof(rfc) > 1 && sizeof(title) > 1 &&                 \
			   sizeof(meaning) > 1 && sizeof(fix) > 1,                                 \
		       #id ": every text of a finding must be non-empty");                         \
	_Static_assert((sev) == CS_SEV_NOTICE || (sev) == CS_SEV_WARNING || (sev) == CS_SEV_ERROR, \
		       #id ": severity must be a cs_severity");
CS_FINDINGS(CS_FINDING_CHECK)
#undef CS_FINDING_CHECK

/* Indexed by cs_finding_code: designated initialisers from the same list that
 * makes the enum, so every code has exactly its own row. */
static const cs_finding_info catalogue[CS_F_COUNT] = {
#define CS_FINDING_ROW(id, code, sev, rfc, title, meaning, fix)                                    \
	[id] = {id, code, sev, rfc, title, meaning, fix},
    CS_FINDINGS(CS_FINDING_ROW)
#undef CS_FINDING_ROW
};

const cs_finding_info *cs_finding_info_get(cs_finding_code id)
{
	if ((unsigned)id >= (unsigned)CS_F_COUNT)
		return NULL;
	return &catalogue[id];
}

const cs_finding_info *cs_finding_info_by_code(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < (size_t)CS_F_COUNT; i++)
		if (strcmp(catalogue[i].code, code) == 0)
			return &catalogue[i];
	return NULL;
}

const char *cs_severity_str(cs_severity s)
{
	switch (s) {
	case CS_SEV_NOTICE:
		return "notice";
	case CS_SEV_WARNING:
		return "warning";
	case CS_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

size_t cs_finding_count(void)
{
	return (size_t)CS_F_COUNT;
}

cs_finding_place cs_finding_place_of(cs_finding_code id)
{
	const cs_finding_info *fi = cs_finding_info_get(id);
	if (fi == NULL)
		return CS_PLACE_ZONE;
	static const struct {
		const char *prefix;
		cs_finding_place place;
	} by_prefix[] = {
	    {"DS_", CS_PLACE_DS},	   {"DNSKEY_", CS_PLACE_KEYS},
	    {"ALGORITHM_", CS_PLACE_KEYS}, {"RRSIG_", CS_PLACE_RECORD},
	    {"DENIAL_", CS_PLACE_RECORD},  {"CDS_", CS_PLACE_RECORD},
	};
	for (size_t i = 0; i < sizeof(by_prefix) / sizeof(by_prefix[0]); i++)
		if (strncmp(fi->code, by_prefix[i].prefix, strlen(by_prefix[i].prefix)) == 0)
			return by_prefix[i].place;
	return CS_PLACE_ZONE;
}

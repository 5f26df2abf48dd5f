#include "base/error.h"

#include <string.h>

static const char *const messages[] = {
#define CS_ERR_MSG(code, token, msg) [code] = msg,
    CS_ERRORS(CS_ERR_MSG)
#undef CS_ERR_MSG
};

static const char *const tokens[] = {
#define CS_ERR_TOK(code, token, msg) [code] = token,
    CS_ERRORS(CS_ERR_TOK)
#undef CS_ERR_TOK
};

const char *cs_strerror(cs_err err)
{
	if ((unsigned)err >= CS_ERR_COUNT)
		return "unknown error";
	return messages[err];
}

const char *cs_errtoken(cs_err err)
{
	if ((unsigned)err >= CS_ERR_COUNT)
		return "unknown";
	return tokens[err];
}

cs_err cs_err_from_token(const char *token)
{
	for (unsigned i = 0; i < CS_ERR_COUNT; i++)
		if (strcmp(tokens[i], token) == 0)
			return (cs_err)i;
	return CS_ENOTFOUND;
}

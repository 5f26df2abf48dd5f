/*
 * test_jsonw - render/jsonw, the streaming JSON writer of the check
 * document: exact texts written down here (compact and indented, empty
 * containers, escapes, members left out), and the same documents built
 * with jansson and printed by json_dumps with the flags the check document
 * used, for strings of every kind (controls, DEL, two- to four-octet UTF-8,
 * invalid UTF-8 of several sorts).
 */
#include "jsonw.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* One document: {"a":1,"s":S,"e":[],"o":{},"l":[S,true,null,{"k":S}]}. */
static char *ours(const char *str, unsigned indent)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_jsonw w;
	cs_jsonw_init(&w, &b, indent);
	cs_jsonw_object(&w, NULL);
	cs_jsonw_int(&w, "a", 1);
	cs_jsonw_str(&w, "s", str);
	cs_jsonw_array(&w, "e");
	cs_jsonw_end(&w);
	cs_jsonw_object(&w, "o");
	cs_jsonw_end(&w);
	cs_jsonw_array(&w, "l");
	cs_jsonw_str(&w, NULL, str);
	cs_jsonw_bool(&w, NULL, true);
	cs_jsonw_null(&w, NULL);
	cs_jsonw_object(&w, NULL);
	cs_jsonw_str(&w, "k", str);
	cs_jsonw_end(&w);
	cs_jsonw_end(&w);
	cs_jsonw_end(&w);
	assert_true(cs_jsonw_ok(&w, true));
	char *s = strdup(cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

static char *theirs(const char *str, unsigned indent)
{
	json_t *o = json_object();
	json_object_set_new(o, "a", json_integer(1));
	json_object_set_new(o, "s", json_string(str));
	json_object_set_new(o, "e", json_array());
	json_object_set_new(o, "o", json_object());
	json_t *l = json_array();
	json_array_append_new(l, json_string(str));
	json_array_append_new(l, json_true());
	json_array_append_new(l, json_null());
	json_t *k = json_object();
	json_object_set_new(k, "k", json_string(str));
	json_array_append_new(l, k);
	json_object_set_new(o, "l", l);
	size_t flags = JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII;
	flags |= indent ? JSON_INDENT(indent) : JSON_COMPACT;
	char *s = json_dumps(o, flags);
	json_decref(o);
	return s;
}

static void exact_compact(void **state)
{
	(void)state;
	char *s = ours("a\"b\\c\n\x01\x7f/\xc2\xa7\xf0\x9f\x98\x80", 0);
	assert_string_equal(s,
			    "{\"a\":1,\"s\":\"a\\\"b\\\\c\\n\\u0001\x7f/\\u00A7\\uD83D\\uDE00\","
			    "\"e\":[],\"o\":{},\"l\":[\"a\\\"b\\\\c\\n\\u0001\x7f/\\u00A7\\uD83D"
			    "\\uDE00\",true,null,{\"k\":\"a\\\"b\\\\c\\n\\u0001\x7f/\\u00A7\\uD83D"
			    "\\uDE00\"}]}");
	free(s);
}

static void exact_indented(void **state)
{
	(void)state;
	char *s = ours("x", 2);
	assert_string_equal(s, "{\n  \"a\": 1,\n  \"s\": \"x\",\n  \"e\": [],\n  \"o\": {},\n"
			       "  \"l\": [\n    \"x\",\n    true,\n    null,\n    {\n"
			       "      \"k\": \"x\"\n    }\n  ]\n}");
	free(s);
}

/* A NULL or invalid string leaves its member out, as json_string's NULL
 * does with jansson; the rest stays well-formed. */
static void left_out(void **state)
{
	(void)state;
	char *s = ours("\xff", 0);
	assert_string_equal(s, "{\"a\":1,\"e\":[],\"o\":{},\"l\":[true,null,{}]}");
	free(s);
	s = ours(NULL, 0);
	assert_string_equal(s, "{\"a\":1,\"e\":[],\"o\":{},\"l\":[true,null,{}]}");
	free(s);
}

static void same_as_jansson(void **state)
{
	(void)state;
	static const char *const strs[] = {
	    "",
	    "plain ASCII with spaces",
	    "\b\f\n\r\t\x1f\x7f",
	    "\"quoted\" \\back\\ /slash/",
	    "\xc2\x80\xc2\xa0\xc3\xbf\xdf\xbf",			/* two octets */
	    "\xe0\xa0\x80\xe2\x82\xac\xef\xbf\xbd\xef\xbf\xbf", /* three */
	    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf",			/* four */
	    "\xc0\x80",						/* overlong NUL */
	    "\xe0\x80\xaf",					/* overlong slash */
	    "\xed\xa0\x80",					/* a surrogate */
	    "\xf4\x90\x80\x80",					/* over U+10FFFF */
	    "\xe2\x82",						/* truncated */
	    "\x80 lone continuation",
	    "ok then \xfe",
	    "www.\\200\\255.example.",
	};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		for (unsigned indent = 0; indent <= 4; indent += 2) {
			char *a = ours(strs[i], indent), *b = theirs(strs[i], indent);
			assert_non_null(b);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	}
}

static void misuse(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_jsonw w;
	cs_jsonw_init(&w, &b, 0);
	cs_jsonw_array(&w, NULL);
	assert_true(cs_jsonw_ok(&w, false));
	assert_false(cs_jsonw_ok(&w, true)); /* still open */
	cs_jsonw_end(&w);
	cs_jsonw_end(&w); /* one end too many */
	assert_false(cs_jsonw_ok(&w, true));
	cs_buf_reset(&b);
	cs_jsonw_init(&w, &b, 0);
	for (int i = 0; i <= CS_JSONW_DEPTH; i++)
		cs_jsonw_array(&w, NULL);
	assert_false(cs_jsonw_ok(&w, false)); /* too deep */
	cs_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(exact_compact), cmocka_unit_test(exact_indented),
	    cmocka_unit_test(left_out),	     cmocka_unit_test(same_as_jansson),
	    cmocka_unit_test(misuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

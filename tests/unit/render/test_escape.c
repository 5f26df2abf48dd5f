/*
 * test_escape - render/escape's HTML escaper: markup characters as
 * entities, a two-octet UTF-8 character past the C1 controls (the "§" of
 * our own texts) as a character reference, and every other octet below
 * 0x20 or from 0x7F on (controls, C1 controls, longer or broken UTF-8) as
 * \DDD, so nothing from DNS data reaches a page raw.
 */
#include "escape.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static void expect_html(const char *in, const char *want)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_escape_html(&b, in);
	cs_buf_u8(&b, 0);
	assert_string_equal((const char *)b.data, want);
	cs_buf_free(&b);
}

static void test_html_markup(void **state)
{
	(void)state;
	expect_html("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;");
}

static void test_html_utf8(void **state)
{
	(void)state;
	expect_html("RFC 4035 \xC2\xA7"
		    "5.3",
		    "RFC 4035 &#167;5.3");		/* U+00A7 */
	expect_html("\xC3\xA9", "&#233;");		/* U+00E9 */
	expect_html("\xC2\x85", "\\194\\133");		/* C1 control U+0085 */
	expect_html("\xE2\x82\xAC", "\\226\\130\\172"); /* three octets */
	expect_html("x\xC2", "x\\194");			/* cut short */
	expect_html("\xC2"
		    "A",
		    "\\194A");		       /* no continuation */
	expect_html("\xC0\xA7", "\\192\\167"); /* overlong */
}

static void test_html_controls(void **state)
{
	(void)state;
	expect_html("a\x01\x1b[31m\x7f", "a\\001\\027[31m\\127");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_markup),
	    cmocka_unit_test(test_html_utf8),
	    cmocka_unit_test(test_html_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

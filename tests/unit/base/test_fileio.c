/*
 * test_fileio - core/base/fileio: reading a whole input file. What fileio.h
 * promises: the contents (binary, any size up to max) are appended to out
 * after what it holds; "-" reads standard input; a file that cannot be
 * opened or read gives CS_EIO, one larger than max gives CS_ELIMIT, a
 * buffer that cannot grow gives CS_ENOMEM, each with a reason in words;
 * on failure nothing is appended. Files live in a fresh temporary
 * directory.
 */
#include "base/fileio.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/cs-fileio-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static const char *path_of(const char *name)
{
	static char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* Write n octets of a pattern (octet i is i % 251) to dir/name. */
static const char *write_file(const char *name, size_t n)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fputc((int)(i % 251), f), (int)(i % 251));
	assert_int_equal(fclose(f), 0);
	return p;
}

static void assert_pattern(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(i % 251))
			fail_msg("octet %zu is %u, not %u", i, p[i], (unsigned)(i % 251));
}

static int remove_dir(void **state)
{
	(void)state;
	static const char *const files[] = {"small", "empty", "big", "exact", "stdin"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(path_of(files[i]));
	return rmdir(dir);
}

/* Binary contents (NUL octets included) are appended after what out held. */
static void test_reads_binary_and_appends(void **state)
{
	(void)state;
	const char *p = write_file("small", 1000);
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "HEAD");
	char msg[128] = "untouched";
	assert_int_equal(cs_read_file(p, 1 << 20, &b, msg, sizeof(msg)), CS_OK);
	assert_int_equal(b.len, 4 + 1000);
	assert_memory_equal(b.data, "HEAD", 4);
	assert_pattern(b.data + 4, 1000);
	cs_buf_free(&b);
}

/* An empty file is read as nothing, even with a limit of 0. */
static void test_empty_file(void **state)
{
	(void)state;
	const char *p = write_file("empty", 0);
	cs_buf b;
	cs_buf_init(&b);
	char msg[128];
	assert_int_equal(cs_read_file(p, 0, &b, msg, sizeof(msg)), CS_OK);
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
}

/* Files longer than any internal chunk arrive whole and in order. */
static void test_big_file(void **state)
{
	(void)state;
	const size_t n = 300001;
	const char *p = write_file("big", n);
	cs_buf b;
	cs_buf_init(&b);
	char msg[128];
	assert_int_equal(cs_read_file(p, 1 << 20, &b, msg, sizeof(msg)), CS_OK);
	assert_int_equal(b.len, n);
	assert_pattern(b.data, n);
	cs_buf_free(&b);
}

/* The limit: exactly max octets is fine; one more is CS_ELIMIT with the
 * limit in the reason, and nothing is appended (also when the excess is
 * found after several chunks). */
static void test_size_limit(void **state)
{
	(void)state;
	const char *p = write_file("exact", 5000);
	cs_buf b;
	cs_buf_init(&b);
	char msg[128];
	assert_int_equal(cs_read_file(p, 5000, &b, msg, sizeof(msg)), CS_OK);
	assert_int_equal(b.len, 5000);

	cs_buf_reset(&b);
	cs_buf_str(&b, "HEAD");
	assert_int_equal(cs_read_file(p, 4999, &b, msg, sizeof(msg)), CS_ELIMIT);
	assert_string_equal(msg, "larger than 4999 octets");
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "HEAD", 4);

	cs_buf_reset(&b);
	p = write_file("big", 300000);
	assert_int_equal(cs_read_file(p, 150000, &b, msg, sizeof(msg)), CS_ELIMIT);
	assert_string_equal(msg, "larger than 150000 octets");
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
}

/* A limit given in whole MiB is reported in MiB. */
static void test_size_limit_in_mib(void **state)
{
	(void)state;
	const size_t mib = (size_t)1 << 20;
	const char *p = write_file("big", mib + 1);
	cs_buf b;
	cs_buf_init(&b);
	char msg[128];
	assert_int_equal(cs_read_file(p, mib, &b, msg, sizeof(msg)), CS_ELIMIT);
	assert_string_equal(msg, "larger than 1 MiB");
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
}

/* A missing file and a directory are CS_EIO with the system's reason;
 * nothing is appended. */
static void test_cannot_open_or_read(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	char msg[128];
	assert_int_equal(cs_read_file(path_of("no-such-file"), 1000, &b, msg, sizeof(msg)), CS_EIO);
	assert_string_equal(msg, "cannot open: No such file or directory");
	assert_int_equal(b.len, 0);

	assert_int_equal(cs_read_file(dir, 1000, &b, msg, sizeof(msg)), CS_EIO);
	assert_string_equal(msg, "read error: Is a directory");
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
}

/* A buffer that cannot grow gives CS_ENOMEM and says so. */
static void test_buffer_in_error(void **state)
{
	(void)state;
	const char *p = write_file("small", 1000);
	cs_buf b;
	cs_buf_init(&b);
	b.err = CS_ENOMEM;
	char msg[128];
	assert_int_equal(cs_read_file(p, 1 << 20, &b, msg, sizeof(msg)), CS_ENOMEM);
	assert_string_equal(msg, "out of memory");
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
}

/* "-" reads standard input. */
static void test_dash_is_stdin(void **state)
{
	(void)state;
	const char *p = write_file("stdin", 777);
	assert_non_null(freopen(p, "rb", stdin));
	cs_buf b;
	cs_buf_init(&b);
	char msg[128];
	assert_int_equal(cs_read_file("-", 1000, &b, msg, sizeof(msg)), CS_OK);
	assert_int_equal(b.len, 777);
	assert_pattern(b.data, 777);
	cs_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_binary_and_appends),
	    cmocka_unit_test(test_empty_file),
	    cmocka_unit_test(test_big_file),
	    cmocka_unit_test(test_size_limit),
	    cmocka_unit_test(test_size_limit_in_mib),
	    cmocka_unit_test(test_cannot_open_or_read),
	    cmocka_unit_test(test_buffer_in_error),
	    cmocka_unit_test(test_dash_is_stdin),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

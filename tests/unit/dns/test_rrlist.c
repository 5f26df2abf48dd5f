/*
 * test_rrlist - core/dns/rrlist: the growable record list. What rrlist.h
 * promises: add appends a copy of the record (owner, type, class, TTL and
 * the rdata pointer, which is not copied) and keeps every earlier record in
 * order as the list grows; free releases the array, leaves an empty list
 * that can be filled again, and accepts NULL.
 */
#include "dns/rrlist.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static const uint8_t RDATA[] = {192, 0, 2, 1};

static cs_rr record(unsigned i)
{
	cs_rr rr;
	memset(&rr, 0, sizeof(rr));
	/* owner "x." in wire form (RFC 1035 §3.1), x varying */
	rr.owner.len = 3;
	rr.owner.data[0] = 1;
	rr.owner.data[1] = (uint8_t)('a' + i % 26);
	rr.owner.data[2] = 0;
	rr.type = (uint16_t)(i + 1);
	rr.rclass = 1;
	rr.ttl = 1000u * i;
	rr.rdlen = sizeof(RDATA);
	rr.rdata = RDATA;
	rr.rdata_err = i % 2 ? CS_ERDATA : CS_OK;
	return rr;
}

static void assert_record(const cs_rr *rr, unsigned i)
{
	cs_rr want = record(i);
	assert_int_equal(rr->owner.len, 3);
	assert_memory_equal(rr->owner.data, want.owner.data, 3);
	assert_int_equal(rr->type, i + 1);
	assert_int_equal(rr->rclass, 1);
	assert_int_equal(rr->ttl, 1000u * i);
	assert_int_equal(rr->rdlen, 4);
	assert_ptr_equal(rr->rdata, RDATA); /* the pointer, not a copy */
	assert_int_equal(rr->rdata_err, i % 2 ? CS_ERDATA : CS_OK);
}

/* Free of NULL and of an empty list is harmless. */
static void test_free_empty(void **state)
{
	(void)state;
	cs_rrlist_free(NULL);
	cs_rrlist l = {0};
	cs_rrlist_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.cap, 0);
}

/* A copy is stored: changing the caller's record afterwards changes nothing
 * in the list. */
static void test_add_copies(void **state)
{
	(void)state;
	cs_rrlist l = {0};
	cs_rr rr = record(0);
	assert_int_equal(cs_rrlist_add(&l, &rr), CS_OK);
	rr.type = 99;
	rr.owner.data[1] = 'z';
	assert_int_equal(l.n, 1);
	assert_record(&l.v[0], 0);
	cs_rrlist_free(&l);
}

/* Many adds (across several growths) keep every record, in order; after
 * free the list is empty and can be used again. */
static void test_growth_keeps_order(void **state)
{
	(void)state;
	cs_rrlist l = {0};
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned i = 0; i < 1000; i++) {
			cs_rr rr = record(i);
			assert_int_equal(cs_rrlist_add(&l, &rr), CS_OK);
			assert_int_equal(l.n, i + 1);
			assert_true(l.cap >= l.n);
		}
		for (unsigned i = 0; i < 1000; i++)
			assert_record(&l.v[i], i);
		cs_rrlist_free(&l);
		assert_null(l.v);
		assert_int_equal(l.n, 0);
		assert_int_equal(l.cap, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_free_empty),
	    cmocka_unit_test(test_add_copies),
	    cmocka_unit_test(test_growth_keeps_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

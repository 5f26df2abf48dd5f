#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_DEFAULT 16384u

/* Under AddressSanitizer every allocation is followed by a poisoned
 * redzone and a chunk's free space stays poisoned until handed out, so a
 * read or write past an object is caught as it would be with malloc. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif

#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define REDZONE	       alignof(max_align_t)
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define REDZONE	       0u
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct cs_arena_chunk {
	cs_arena_chunk *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

void cs_arena_init(cs_arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void cs_arena_clear(cs_arena *a)
{
	if (a == NULL)
		return;
	cs_arena_chunk *c = a->head;
	while (c != NULL) {
		cs_arena_chunk *next = c->next;
		UNPOISON(c->data, c->size);
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *cs_arena_alloc(cs_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - align - REDZONE)
		return NULL;
	size_t need = ((n + align - 1) & ~(align - 1)) + REDZONE;
	cs_arena_chunk *c = a->head;
	if (c == NULL || c->size - c->used < need) {
		size_t size = need > CHUNK_DEFAULT ? need : CHUNK_DEFAULT;
		if (size > SIZE_MAX - sizeof(*c))
			return NULL;
		c = malloc(sizeof(*c) + size);
		if (c == NULL)
			return NULL;
		c->size = size;
		c->used = 0;
		POISON(c->data, size);
		/* Large one-off blocks go behind the current chunk so its free
		 * space is not wasted. */
		if (a->head != NULL && need > CHUNK_DEFAULT) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->data + c->used;
	c->used += need;
	a->total += need - REDZONE; /* the redzone is no one's */
	UNPOISON(p, n);
	memset(p, 0, n);
	return p;
}

void *cs_arena_memdup(cs_arena *a, const void *src, size_t n)
{
	void *p = cs_arena_alloc(a, n);
	if (p != NULL && n > 0)
		memcpy(p, src, n);
	return p;
}

char *cs_arena_strdup(cs_arena *a, const char *s)
{
	return cs_arena_memdup(a, s, strlen(s) + 1);
}

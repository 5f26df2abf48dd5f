/*
 * tap.h - the server's own octets, on every c-ares from 1.16 on.
 *
 * From c-ares 1.28 on, ares_send hands its callback a re-serialised copy of
 * the answer, not what the server sent. A tap is a set of c-ares socket
 * functions (ares_set_socket_functions, c-ares 1.13+) that do a channel's
 * socket I/O themselves and keep a copy of every DNS message crossing its
 * sockets: each UDP datagram, and each length-prefixed TCP message however
 * the stream was split or coalesced, in both directions. The transport
 * (net.c) asks the tap for the message that answers the one it sent: the
 * first received on the same socket with the same ID and the same question.
 */
#ifndef CS_TAP_H
#define CS_TAP_H

#include "base/error.h"

#include <ares.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_tap cs_tap;

/* One DNS message as it crossed a socket: sock is the socket's serial
 * number in this tap (never reused, unlike descriptors), id its first two
 * octets. */
typedef struct {
	uint64_t sock;
	uint16_t id;
	uint8_t *data;
	size_t len;
} cs_tap_msg;

/* Called for every complete message written to a socket, during the write
 * (so from inside ares_send or ares_process_fd). */
typedef void (*cs_tap_sent_cb)(void *arg, const cs_tap_msg *m);

/* A tap reporting sent messages to on_sent(arg, ...). Returns CS_OK or
 * CS_ENOMEM. */
cs_err cs_tap_new(cs_tap_sent_cb on_sent, void *arg, cs_tap **out);

/* Free the tap and every message it holds; accepts NULL, clears *t. Only
 * after the channel it is attached to is destroyed. */
void cs_tap_free(cs_tap **t);

/* Route channel ch's socket I/O through the tap (before the first query). */
void cs_tap_attach(cs_tap *t, ares_channel ch);

/* c-ares' socket state callback (ARES_OPT_SOCK_STATE_CB with the tap as its
 * data): which of the tap's sockets c-ares waits to read or write. */
void cs_tap_sock_state(void *data, ares_socket_t fd, int readable, int writable);

/* The sockets c-ares waits on, for poll: writes at most room entries (fd,
 * events, revents 0) and returns how many there are (call again with more
 * room when that is more). ares_getsock, limited to 16 sockets, cannot be
 * used: every UDP query has its own socket. */
size_t cs_tap_poll_fds(const cs_tap *t, struct pollfd *fds, size_t room);

/* The answer to sent message q (its ID and question; len >= 12) among the
 * messages received on socket sock: the first with q's ID whose first
 * question equals q's (names compared case-insensitively), or NULL. The
 * message belongs to the tap until cs_tap_forget or cs_tap_clear. */
const cs_tap_msg *cs_tap_answer(const cs_tap *t, uint64_t sock, const uint8_t *q, size_t len);

/* Drop the received messages with this ID on sock (its query is done). */
void cs_tap_forget(cs_tap *t, uint64_t sock, uint16_t id);

/* Drop every received message (nothing is in flight any more). */
void cs_tap_clear(cs_tap *t);

/* Do messages a and b (len >= 12 each) ask the same first question? False
 * when either has no question that parses. */
bool cs_tap_same_question(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif

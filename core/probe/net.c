#include "probe/net.h"

#include <ares.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef struct {
	char addr[INET6_ADDRSTRLEN];
	uint16_t port;
	cs_transport tr;
	bool plain; /* queries without EDNS: no ARES_FLAG_EDNS (see below) */
	ares_channel ch;
	unsigned pending;
	bool stale; /* c-ares dropped EDNS on it: open a fresh channel */
} chan;

typedef struct pending_query pending_query;

struct cs_net {
	unsigned timeout_ms;
	unsigned retries;
	int rcvbuf; /* SO_RCVBUF for new channels; 0: the default */
	chan *chans;
	size_t nchans;
	size_t cap;
	unsigned pending;
	bool destroying;
	bool own_library; /* called ares_library_init: clean up on free */
	struct pollfd *fds;
	size_t *fd_chan;
	size_t fds_cap;
};

struct pending_query {
	cs_net *net;
	size_t chan;
	unsigned attempts_left;
	cs_net_cb cb;
	void *arg;
	size_t len;
	uint8_t query[];
};

cs_err cs_net_library_init(void)
{
	return ares_library_init(ARES_LIB_INIT_ALL) == ARES_SUCCESS ? CS_OK : CS_EIO;
}

void cs_net_library_cleanup(void)
{
	ares_library_cleanup();
}

cs_err cs_net_new_shared(unsigned timeout_ms, unsigned retries, cs_net **out)
{
	cs_net *n = calloc(1, sizeof(*n));
	if (n == NULL)
		return CS_ENOMEM;
	n->timeout_ms = timeout_ms ? timeout_ms : 1;
	n->retries = retries;
	*out = n;
	return CS_OK;
}

cs_err cs_net_new(unsigned timeout_ms, unsigned retries, cs_net **out)
{
	if (cs_net_library_init() != CS_OK)
		return CS_EIO;
	cs_err err = cs_net_new_shared(timeout_ms, retries, out);
	if (err != CS_OK) {
		cs_net_library_cleanup();
		return err;
	}
	(*out)->own_library = true;
	return CS_OK;
}

void cs_net_set_rcvbuf(cs_net *n, int bytes)
{
	n->rcvbuf = bytes > 0 ? bytes : 0;
}

void cs_net_free(cs_net **pn)
{
	if (pn == NULL || *pn == NULL)
		return;
	cs_net *n = *pn;
	n->destroying = true;
	for (size_t i = 0; i < n->nchans; i++)
		ares_destroy(n->chans[i].ch);
	free(n->chans);
	free(n->fds);
	free(n->fd_chan);
	bool own = n->own_library;
	free(n);
	if (own)
		ares_library_cleanup();
	*pn = NULL;
}

static cs_err open_chan(cs_net *n, const char *addr, uint16_t port, cs_transport tr, bool plain,
			size_t *idx)
{
	for (size_t i = 0; i < n->nchans; i++) {
		chan *c = &n->chans[i];
		if (!c->stale && c->port == port && c->tr == tr && c->plain == plain &&
		    strcmp(c->addr, addr) == 0) {
			*idx = i;
			return CS_OK;
		}
	}
	struct ares_addr_port_node node;
	memset(&node, 0, sizeof(node));
	if (inet_pton(AF_INET, addr, &node.addr.addr4) == 1)
		node.family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &node.addr.addr6) == 1)
		node.family = AF_INET6;
	else
		return CS_EINVAL;
	node.udp_port = port;
	node.tcp_port = port;
	if (strlen(addr) >= INET6_ADDRSTRLEN)
		return CS_EINVAL;

	if (n->nchans == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 16;
		chan *v = realloc(n->chans, cap * sizeof(*v));
		if (v == NULL)
			return CS_ENOMEM;
		n->chans = v;
		n->cap = cap;
	}
	struct ares_options o;
	memset(&o, 0, sizeof(o));
	/* ARES_FLAG_EDNS only for EDNS queries: with it c-ares would "fall back"
	 * on a FORMERR by cutting 11 octets off a query that has no OPT. A
	 * plain query's answer is at most 512 octets over UDP anyway. */
	o.flags =
	    ARES_FLAG_NOCHECKRESP | ARES_FLAG_IGNTC | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
	if (!plain)
		o.flags |= ARES_FLAG_EDNS;
	o.ednspsz = 65535;
	if (tr == CS_TRANSPORT_TCP)
		o.flags |= ARES_FLAG_USEVC;
	o.timeout = (int)n->timeout_ms;
	o.tries = 1;
	o.ndomains = 0;
	o.domains = NULL;
	o.lookups = (char *)"b";
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_DOMAINS |
		   ARES_OPT_LOOKUPS | ARES_OPT_EDNSPSZ;
	if (n->rcvbuf > 0) {
		o.socket_receive_buffer_size = n->rcvbuf;
		mask |= ARES_OPT_SOCK_RCVBUF;
	}
	chan *c = &n->chans[n->nchans];
	memset(c, 0, sizeof(*c));
	if (ares_init_options(&c->ch, &o, mask) != ARES_SUCCESS)
		return CS_EIO;
	if (ares_set_servers_ports(c->ch, &node) != ARES_SUCCESS) {
		ares_destroy(c->ch);
		return CS_EIO;
	}
	strcpy(c->addr, addr);
	c->port = port;
	c->tr = tr;
	c->plain = plain;
	*idx = n->nchans++;
	return CS_OK;
}

static void on_ares(void *arg, int status, int timeouts, unsigned char *abuf, int alen);

/* Did c-ares fall back to a query without EDNS on this channel? It then
 * clears ARES_FLAG_EDNS; turn it back on for the next queries. */
static bool edns_dropped(chan *c)
{
	struct ares_options o;
	int mask;
	if (ares_save_options(c->ch, &o, &mask) != ARES_SUCCESS)
		return false;
	bool dropped = !(o.flags & ARES_FLAG_EDNS);
	ares_destroy_options(&o);
	if (dropped) {
		/* No setter for flags alone: the channel is replaced lazily by
		 * marking it unusable for new queries. */
		c->stale = true;
	}
	return dropped;
}

static void submit(pending_query *p)
{
	chan *c = &p->net->chans[p->chan];
	c->pending++;
	ares_send(c->ch, p->query, (int)p->len, on_ares, p);
}

static void on_ares(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	(void)timeouts;
	pending_query *p = arg;
	cs_net *n = p->net;
	chan *c = &n->chans[p->chan];
	c->pending--;
	if (status == ARES_EDESTRUCTION || n->destroying) {
		free(p);
		return;
	}
	if (status == ARES_ETIMEOUT && p->attempts_left > 0) {
		p->attempts_left--;
		submit(p);
		return;
	}
	cs_qresult r;
	switch (status) {
	case ARES_SUCCESS:
	case ARES_ENODATA:
	case ARES_EFORMERR:
	case ARES_ESERVFAIL:
	case ARES_ENOTFOUND:
	case ARES_ENOTIMP:
	case ARES_EREFUSED:
		/* With NOCHECKRESP any rcode comes with its octets; keep them. */
		r = abuf != NULL && alen > 0 ? CS_QRESULT_ANSWER : CS_QRESULT_NETERROR;
		break;
	case ARES_ETIMEOUT:
		r = CS_QRESULT_TIMEOUT;
		break;
	case ARES_ECONNREFUSED:
		r = CS_QRESULT_REFUSED;
		break;
	default:
		r = CS_QRESULT_NETERROR;
		break;
	}
	bool dropped = r == CS_QRESULT_ANSWER && !c->plain && edns_dropped(c);
	n->pending--;
	p->cb(p->arg, r, r == CS_QRESULT_ANSWER ? abuf : NULL,
	      r == CS_QRESULT_ANSWER ? (size_t)alen : 0, dropped);
	free(p);
}

cs_err cs_net_send(cs_net *n, const char *addr, uint16_t port, cs_transport tr,
		   const uint8_t *query, size_t len, cs_net_cb cb, void *arg)
{
	if (len < 12 || len > 65535)
		return CS_EINVAL;
	size_t idx;
	bool plain = query[10] == 0 && query[11] == 0; /* no additional record: no OPT */
	cs_err err = open_chan(n, addr, port, tr, plain, &idx);
	if (err != CS_OK)
		return err;
	pending_query *p = malloc(sizeof(*p) + len);
	if (p == NULL)
		return CS_ENOMEM;
	p->net = n;
	p->chan = idx;
	p->attempts_left = n->retries;
	p->cb = cb;
	p->arg = arg;
	p->len = len;
	memcpy(p->query, query, len);
	n->pending++;
	submit(p);
	return CS_OK;
}

unsigned cs_net_pending(const cs_net *n)
{
	return n->pending;
}

cs_err cs_net_step(cs_net *n, int max_wait_ms)
{
	size_t nfds = 0;
	long wait_ms = max_wait_ms;
	for (size_t i = 0; i < n->nchans; i++) {
		chan *c = &n->chans[i];
		if (c->pending == 0)
			continue;
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		int bits = ares_getsock(c->ch, socks, ARES_GETSOCK_MAXNUM);
		for (int k = 0; k < ARES_GETSOCK_MAXNUM; k++) {
			short ev = 0;
			/* c-ares' ARES_GETSOCK_* macros shift a signed 1 into
			 * the sign bit for socket 15: test the bits unsigned. */
			unsigned ub = (unsigned)bits;
			if ((ub >> k) & 1u)
				ev |= POLLIN;
			if ((ub >> (k + ARES_GETSOCK_MAXNUM)) & 1u)
				ev |= POLLOUT;
			if (ev == 0)
				continue;
			if (nfds == n->fds_cap) {
				size_t cap = n->fds_cap ? n->fds_cap * 2 : 64;
				struct pollfd *f = realloc(n->fds, cap * sizeof(*f));
				if (f == NULL)
					return CS_ENOMEM;
				n->fds = f;
				size_t *fc = realloc(n->fd_chan, cap * sizeof(*fc));
				if (fc == NULL)
					return CS_ENOMEM;
				n->fd_chan = fc;
				n->fds_cap = cap;
			}
			n->fds[nfds].fd = socks[k];
			n->fds[nfds].events = ev;
			n->fds[nfds].revents = 0;
			n->fd_chan[nfds] = i;
			nfds++;
		}
		struct timeval tv, *tvp = ares_timeout(c->ch, NULL, &tv);
		if (tvp != NULL) {
			long ms = tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000;
			if (wait_ms < 0 || ms < wait_ms)
				wait_ms = ms;
		}
	}
	int rc = poll(n->fds, nfds, (int)wait_ms);
	if (rc < 0 && errno != EINTR)
		return CS_EIO;
	for (size_t k = 0; k < nfds && rc > 0; k++) {
		if (n->fds[k].revents == 0)
			continue;
		chan *c = &n->chans[n->fd_chan[k]];
		ares_socket_t rfd = (n->fds[k].revents & (POLLIN | POLLERR | POLLHUP))
					? n->fds[k].fd
					: ARES_SOCKET_BAD;
		ares_socket_t wfd = (n->fds[k].revents & POLLOUT) ? n->fds[k].fd : ARES_SOCKET_BAD;
		ares_process_fd(c->ch, rfd, wfd);
	}
	/* Let every busy channel handle its timeouts. */
	for (size_t i = 0; i < n->nchans; i++)
		if (n->chans[i].pending > 0)
			ares_process_fd(n->chans[i].ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	return CS_OK;
}

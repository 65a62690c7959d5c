/*
 * The three ways a program runs:
 *   1. CGI: one request from the environment and stdin;
 *   2. FastCGI on an inherited listening socket on fd 0 (spawn-fcgi,
 *      mod_fcgid, systemd socket activation);
 *   3. standalone: --listen unix:PATH|HOST:PORT --threads N.
 *
 * In 2 and 3 every worker thread waits on one shared epoll set holding the
 * listening socket and every idle connection, each armed one-shot: the
 * thread woken for a connection runs exactly one request on it and parks
 * it again.  So a kept-alive nginx connection never pins a thread
 * (STACK-NOTES 1), and no request is handed from thread to thread.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "conf.h"
#include "db.h"
#include "log.h"

#define DRAIN_MS	50	/* idle time after SIGTERM before a worker exits */

struct worker {
	pthread_t	 tid;
	struct db	*db;
};

/*
 * What one request needs while it is answered: its libfcgi state, its
 * memory and its response.  A worker takes a slot per request; a
 * request whose answer is deferred (see http.h) keeps its slot until
 * app_resume, while the worker goes on with a fresh one.  Two holders
 * (the worker's call and the answer) release a slot.
 */
struct slot {
	FCGX_Request	 fcgi;
	struct http_io	 io;
	struct http_req	 r;
	struct arena	*a;
	struct buf	 out;
	atomic_int	 refs;
	struct slot	*next;		/* free list */
	struct slot	*all;		/* every slot, freed at the end */
};

static const struct program	*prog;
static struct db_conf		 dbconf;
static int			 listen_fd = -1;
static int			 epfd = -1;
static atomic_int		 stopping;
static atomic_int		 listen_closed;
static pthread_mutex_t		 llock = PTHREAD_MUTEX_INITIALIZER;
static char			 unix_path[108];	/* removed at exit */

static pthread_mutex_t		 slot_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot		*slot_free, *slot_all;
static atomic_int		 slots_out;	/* requests not yet ended */

/* Connections parked in epoll between requests: closed at the end. */
static unsigned char		*parked;
static size_t			 nparked_max;

/* ---- I/O through libfcgi ---- */

static const char *
fcgi_param(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static long
fcgi_read(void *ctx, char *p, size_t n)
{
	int	 got;

	got = FCGX_GetStr(p, n > 1 << 30 ? 1 << 30 : (int)n,
	    ((FCGX_Request *)ctx)->in);
	return got < 0 ? -1 : got;
}

/* All of iov, or -1. */
static int
writev_all(int fd, struct iovec *iov, int cnt)
{
	ssize_t	 w;

	while (cnt > 0) {
		if ((w = writev(fd, iov, cnt)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; cnt > 0 && (size_t)w >= iov->iov_len; iov++, cnt--)
			w -= (ssize_t)iov->iov_len;
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static void
fcgi_header(unsigned char h[8], int type, int id, size_t len)
{
	h[0] = 1;			/* FCGI_VERSION_1 */
	h[1] = (unsigned char)type;
	h[2] = (unsigned char)(id >> 8);
	h[3] = (unsigned char)id;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)len;
	h[6] = h[7] = 0;		/* no padding */
}

#define FCGI_STDOUT_TYPE	6
#define FCGI_END_REQUEST_TYPE	3
#define REC_MAX		65528	/* content bytes per record */
#define REC_BATCH	64	/* records per writev */

/*
 * The whole response, once per request (http_send): FCGI_STDOUT
 * records straight from the buffer, the empty one that ends the stream
 * and FCGI_END_REQUEST, in one writev for any page under 4 MB.  The
 * libfcgi stream is then marked closed, so FCGX_Finish_r writes
 * nothing more.  (libfcgi would copy the response through an 8 KiB
 * buffer and write it in as many calls.)
 */
static int
fcgi_write(void *ctx, const char *p, size_t n)
{
	FCGX_Request	*q = ctx;
	unsigned char	 h[REC_BATCH + 1][8], end[16];
	struct iovec	 iov[2 * REC_BATCH + 2];
	size_t		 k;
	int		 c;

	if (q->out == NULL || q->out->isClosed)
		return -1;
	q->out->isClosed = q->out->wasFCloseCalled = 1;
	do {
		for (c = 0, k = 0; k < REC_BATCH && n > 0; k++) {
			size_t	 m = n < REC_MAX ? n : REC_MAX;

			fcgi_header(h[k], FCGI_STDOUT_TYPE, q->requestId, m);
			iov[c].iov_base = h[k];
			iov[c++].iov_len = 8;
			iov[c].iov_base = (void *)p;
			iov[c++].iov_len = m;
			p += m;
			n -= m;
		}
		if (n == 0) {
			fcgi_header(h[k], FCGI_STDOUT_TYPE, q->requestId, 0);
			iov[c].iov_base = h[k];
			iov[c++].iov_len = 8;
			/* appStatus 0, FCGI_REQUEST_COMPLETE */
			memset(end, 0, sizeof(end));
			fcgi_header(end, FCGI_END_REQUEST_TYPE, q->requestId,
			    8);
			iov[c].iov_base = end;
			iov[c++].iov_len = sizeof(end);
		}
		if (writev_all(q->ipcFd, iov, c) == -1)
			return -1;
	} while (n > 0);
	return 0;
}

/* ---- I/O as CGI ---- */

static const char *
cgi_param(void *ctx, const char *name)
{
	return getenv(name);
}

static long
cgi_read(void *ctx, char *p, size_t n)
{
	ssize_t	 r;

	do
		r = read(STDIN_FILENO, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static int
cgi_write(void *ctx, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(STDOUT_FILENO, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * One request through the application; 1 if its answer was deferred
 * (only where fin, which ends a request answered later, is given).
 */
static int
run_request(struct http_req *r, struct arena *a, struct buf *out,
    const struct http_io *io, struct db *db, void (*fin)(struct http_req *))
{
	memset(r, 0, sizeof(*r));
	r->a = a;
	r->io = io;
	r->prog = prog;
	r->conf = app_cfg.conf;
	r->db = db;
	r->out = out;
	r->can_defer = fin != NULL;
	r->finish = fin;
	return app_handle(r);
}

/* Big one-off responses should not pin memory in an idle slot. */
static void
trim(struct arena *a, struct buf *out)
{
	arena_reset(a);
	if (out->cap > 4 * 1024 * 1024)
		buf_free(out);
}

static int
serve_cgi(void)
{
	struct http_io	 io = { NULL, cgi_param, cgi_read, cgi_write };
	struct http_req	 r;
	struct buf	 out;
	struct arena	*a = arena_new();
	struct db	*db = db_new(&dbconf);

	memset(&out, 0, sizeof(out));
	(void)run_request(&r, a, &out, &io, db, NULL);
	db_free(db);
	arena_free(a);
	buf_free(&out);
	return 0;
}

/* ---- the workers ---- */

static void
on_signal(int sig)
{
	atomic_store(&stopping, 1);
}

static void
set_parked(int fd, unsigned char v)
{
	if ((size_t)fd < nparked_max)
		__atomic_store_n(&parked[fd], v, __ATOMIC_RELAXED);
}

/* Wait for the next request on fd, one-shot. */
static void
arm(int fd, int op)
{
	struct epoll_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.fd = fd;
	set_parked(fd, 1);
	if (epoll_ctl(epfd, op, fd, &ev) == -1) {
		set_parked(fd, 0);
		close(fd);
	}
}

static void
accept_all(void)
{
	int	 fd;

	while ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) != -1)
		arm(fd, EPOLL_CTL_ADD);
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED &&
	    errno != EINTR)
		log_warnx("accept: %s", strerror(errno));
}

static struct slot *
slot_get(void)
{
	struct slot	*sl;

	atomic_fetch_add(&slots_out, 1);
	pthread_mutex_lock(&slot_lock);
	if ((sl = slot_free) != NULL)
		slot_free = sl->next;
	pthread_mutex_unlock(&slot_lock);
	if (sl != NULL)
		return sl;
	if ((sl = calloc(1, sizeof(*sl))) == NULL)
		arena_oom();
	sl->a = arena_new();
	/* listen_sock -1: a broken connection fails, never blocks in
	 * accept. */
	FCGX_InitRequest(&sl->fcgi, -1, 0);
	sl->io.ctx = &sl->fcgi;
	sl->io.param = fcgi_param;
	sl->io.read = fcgi_read;
	sl->io.write = fcgi_write;
	pthread_mutex_lock(&slot_lock);
	sl->all = slot_all;
	slot_all = sl;
	pthread_mutex_unlock(&slot_lock);
	return sl;
}

static void
slot_unref(struct slot *sl)
{
	if (atomic_fetch_sub(&sl->refs, 1) != 1)
		return;
	trim(sl->a, &sl->out);
	pthread_mutex_lock(&slot_lock);
	sl->next = slot_free;
	slot_free = sl;
	pthread_mutex_unlock(&slot_lock);
	atomic_fetch_sub(&slots_out, 1);
}

/* The request is answered: end it, park or close its connection. */
static void
finish(struct http_req *r)
{
	struct slot	*sl = (struct slot *)(void *)((char *)r -
			    offsetof(struct slot, r));

	if (r->close)
		sl->fcgi.keepConnection = 0;
	FCGX_Finish_r(&sl->fcgi);
	if (sl->fcgi.ipcFd >= 0) {
		/* Stopping: the web server reconnects elsewhere. */
		if (atomic_load(&stopping))
			close(sl->fcgi.ipcFd);
		else
			arm(sl->fcgi.ipcFd, EPOLL_CTL_MOD);
	}
	sl->fcgi.ipcFd = -1;
	slot_unref(sl);
}

/* One request on a connection with bytes waiting. */
static void
serve_conn(struct worker *w, int fd)
{
	struct slot	*sl = slot_get();

	set_parked(fd, 0);
	sl->fcgi.ipcFd = fd;
	sl->fcgi.keepConnection = 1;
	if (FCGX_Accept_r(&sl->fcgi) < 0) {
		/* libfcgi closed the connection (EOF or garbage). */
		sl->fcgi.ipcFd = -1;
		atomic_store(&sl->refs, 1);
		slot_unref(sl);
		return;
	}
	atomic_store(&sl->refs, 2);
	if (run_request(&sl->r, sl->a, &sl->out, &sl->io, w->db, finish) == 0)
		finish(&sl->r);
	slot_unref(sl);
}

/*
 * Until SIGTERM: take the next ready connection and serve it.  After it:
 * stop accepting at once (nginx gets a refusal it can retry elsewhere),
 * but keep serving requests already sent on open connections until none
 * has come for DRAIN_MS, so that no written request is lost.
 */
static void *
worker_main(void *arg)
{
	struct worker		*w = arg;
	struct epoll_event	 ev;
	int			 n, stop;

	for (;;) {
		stop = atomic_load(&stopping);
		if (stop && !atomic_load(&listen_closed)) {
			pthread_mutex_lock(&llock);
			if (!atomic_exchange(&listen_closed, 1)) {
				epoll_ctl(epfd, EPOLL_CTL_DEL, listen_fd, NULL);
				close(listen_fd);
			}
			pthread_mutex_unlock(&llock);
		}
		n = epoll_wait(epfd, &ev, 1, stop ? DRAIN_MS : 200);
		if (n == -1 && errno != EINTR) {
			log_warnx("epoll_wait: %s", strerror(errno));
			break;
		}
		if (n <= 0) {
			if (stop)
				break;
			continue;
		}
		if (ev.data.fd == listen_fd) {
			/* Under llock: the socket cannot close meanwhile. */
			pthread_mutex_lock(&llock);
			if (!atomic_load(&listen_closed)) {
				accept_all();
				arm(listen_fd, EPOLL_CTL_MOD);
				set_parked(listen_fd, 0);
			}
			pthread_mutex_unlock(&llock);
			continue;
		}
		serve_conn(w, ev.data.fd);
	}
	return NULL;
}

static int
listen_on(const char *spec)
{
	struct sockaddr_un	 sun;
	struct addrinfo		 hints, *res;
	char			 host[256], *port;
	int			 fd, one = 1;

	if (strncmp(spec, "unix:", 5) == 0) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (strlen(spec + 5) >= sizeof(sun.sun_path)) {
			fprintf(stderr, "%s: socket path too long\n",
			    prog->name);
			return -1;
		}
		strcpy(sun.sun_path, spec + 5);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0))
		    == -1)
			return -1;
		/* A socket someone still answers on is not ours to take. */
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
			fprintf(stderr, "%s: %s is in use by a running "
			    "program\n", prog->name, sun.sun_path);
			close(fd);
			return -1;
		}
		close(fd);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0))
		    == -1)
			return -1;
		unlink(sun.sun_path);
		snprintf(unix_path, sizeof(unix_path), "%s", sun.sun_path);
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
			fprintf(stderr, "%s: bind %s: %s\n", prog->name,
			    sun.sun_path, strerror(errno));
			close(fd);
			return -1;
		}
		/* The web server's workers (www-data) must be able to connect. */
		chmod(sun.sun_path, 0666);
	} else {
		snprintf(host, sizeof(host), "%s", spec);
		if ((port = strrchr(host, ':')) == NULL) {
			fprintf(stderr, "%s: --listen unix:PATH or HOST:PORT\n",
			    prog->name);
			return -1;
		}
		*port++ = '\0';
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_PASSIVE;
		if (getaddrinfo(host[0] ? host : NULL, port, &hints, &res)
		    != 0) {
			fprintf(stderr, "%s: cannot resolve %s\n", prog->name,
			    spec);
			return -1;
		}
		fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC,
		    0);
		if (fd == -1) {
			freeaddrinfo(res);
			return -1;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, res->ai_addr, res->ai_addrlen) == -1) {
			fprintf(stderr, "%s: bind %s: %s\n", prog->name, spec,
			    strerror(errno));
			freeaddrinfo(res);
			close(fd);
			return -1;
		}
		freeaddrinfo(res);
	}
	if (listen(fd, 1024) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The program's warm hook, on a connection of its own. */
static void *
warm_main(void *arg)
{
	struct db	*db = db_new(&dbconf);

	(void)arg;
	prog->warm(db);
	db_free(db);
	return NULL;
}

static int
serve_fcgi(int fd, int nthreads)
{
	pthread_t		 warm_tid;
	int			 warming;
	struct worker		*w;
	struct slot		*sl;
	struct sigaction	 sa;
	int			 i;
	size_t			 k;

	listen_fd = fd;
	app_cfg.resident = 1;
	fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "%s: FCGX_Init failed\n", prog->name);
		return 1;
	}
	/* After FCGX_Init, whose own handler only sets a flag (STACK-NOTES 3);
	 * workers look at ours at least every 200 ms. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return 1;
	nparked_max = (size_t)sysconf(_SC_OPEN_MAX);
	if (nparked_max > 1 << 20)
		nparked_max = 1 << 20;
	if ((parked = calloc(nparked_max, 1)) == NULL)
		arena_oom();
	arm(listen_fd, EPOLL_CTL_ADD);
	set_parked(listen_fd, 0);
	if ((w = calloc((size_t)nthreads, sizeof(*w))) == NULL)
		arena_oom();
	for (i = 0; i < nthreads; i++) {
		w[i].db = db_new(&dbconf);
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0) {
			fprintf(stderr, "%s: cannot start threads\n",
			    prog->name);
			return 1;
		}
	}
	/* What the program prepares while it already serves (warm). */
	warming = prog->warm != NULL &&
	    pthread_create(&warm_tid, NULL, warm_main, NULL) == 0;
	log_info("serving with %d threads", nthreads);
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].tid, NULL);
		db_free(w[i].db);
	}
	if (warming)
		pthread_join(warm_tid, NULL);
	/* Answers deferred to other threads (a commit under way) go out
	 * before their slots go. */
	for (k = 0; atomic_load(&slots_out) > 0 && k < 60000; k++)
		usleep(1000);
	if (atomic_load(&slots_out) > 0)
		log_warnx("%d deferred answers still pending at exit",
		    atomic_load(&slots_out));
	else
		while ((sl = slot_all) != NULL) {
			slot_all = sl->all;
			arena_free(sl->a);
			buf_free(&sl->out);
			free(sl);
		}
	/* Every request sent has been answered: drop the idle connections. */
	for (k = 0; k < nparked_max; k++)
		if (parked[k])
			close((int)k);
	free(w);
	free(parked);
	close(epfd);
	if (unix_path[0] != '\0')
		unlink(unix_path);
	log_info("stopped");
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: %s [--config FILE] [--listen unix:PATH|"
	    "HOST:PORT] [--threads N] [--pidfile FILE]\n"
	    "Without --listen it runs as CGI, or as FastCGI when fd 0 is a "
	    "listening socket.\n", prog->name);
}

int
app_main(const struct program *p, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*confpath = NULL, *listen_spec = NULL, *pidfile = NULL;
	int		 c, threads = 0, fd, rc;
	FILE		*f;

	prog = p;
	while ((c = getopt_long(argc, argv, "c:l:t:p:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			confpath = optarg;
			break;
		case 'l':
			listen_spec = optarg;
			break;
		case 't':
			threads = atoi(optarg);
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'V':
			printf("%s %s\n", p->name, PACKAGE_VERSION);
			return 0;
		default:
			usage();
			return c == 'h' ? 0 : 2;
		}
	}
	if (app_setup(p, confpath) == -1)
		return 1;
	/*
	 * One thread per CPU serves CPU-bound pages fastest: idle threads on
	 * the shared epoll set only add context switches.  Pages that wait
	 * on the database longer may want more ([server] threads).
	 */
	if (threads <= 0)
		threads = (int)conf_int(app_cfg.conf, "server", "threads",
		    sysconf(_SC_NPROCESSORS_ONLN) > 0 ?
		    sysconf(_SC_NPROCESSORS_ONLN) : 2);
	if (threads > 512)
		threads = 512;
	db_conf_read(&dbconf, app_cfg.conf, p->conf_name);
	if (db_library_init() == -1) {
		fprintf(stderr, "%s: cannot initialise the MariaDB library\n",
		    p->name);
		return 1;
	}
	if (listen_spec != NULL) {
		if ((fd = listen_on(listen_spec)) == -1)
			return 1;
	} else if (!FCGX_IsCGI())
		fd = STDIN_FILENO;	/* an inherited listening socket */
	else {
		rc = serve_cgi();
		db_library_end();
		return rc;
	}
	if (pidfile != NULL) {
		if ((f = fopen(pidfile, "w")) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", p->name, pidfile,
			    strerror(errno));
			return 1;
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	rc = serve_fcgi(fd, threads);
	db_library_end();
	if (pidfile != NULL)
		unlink(pidfile);
	return rc;
}

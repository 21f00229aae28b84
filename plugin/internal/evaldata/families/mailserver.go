package families

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// mailServer is mx1.kestrelhost.example, the one mail server of Kestrel Hosting, a small
// hosting company: MX and submission for about twenty customer domains (practices, law
// and tax offices, craftsmen, a wine merchant). Debian 12, Postfix 3.7.11 (postscreen
// with four DNSBLs, smtpd, submission on 587 and smtps on 465 with Dovecot SASL, LMTP to
// Dovecot), Dovecot 2.3.21 (IMAP, POP3, LMTP, sieve, SQL passdb, auth_verbose), OpenDKIM
// (signs and verifies) and rspamd 3.8 as a milter on inet:127.0.0.1:11332 (tempfail when
// it is down). rsyslog writes the mail facility to /var/log/mail.log in the traditional
// format: no year, second precision, the short host name, the program and its pid
// (Dovecot's lines carry none):
//
//	Oct 15 07:12:03 mx1 postfix/smtpd[1849277]: 4F2A81C0B3E: client=mail-wm1-f54.google.com[209.85.128.54]
//	Oct 15 07:12:04 mx1 postfix/lmtp[1849301]: 4F2A81C0B3E: to=<anna.keller@praxis-dr-keller.example>, relay=mx1.kestrelhost.example[private/dovecot-lmtp], delay=0.61, delays=0.46/0.01/0.01/0.13, dsn=2.0.0, status=sent (250 2.0.0 <anna.keller@praxis-dr-keller.example> 8AQjCb0bDmVkXQAA1f3Qmg Saved)
//	Oct 15 07:12:09 mx1 dovecot: imap-login: Login: user=<t.vogt@schreinerei-vogt.example>, method=PLAIN, rip=91.12.29.46, lip=198.51.100.25, mpid=1849355, TLS, session=<eZtxAd8JLMV/AAAB>
//
// The log covers 06:00 to 09:00 UTC on a Tuesday (08:00 to 11:00 for the customers), the
// morning's mail rising from about 11 to about 21 lines a second. Normal operation:
// inbound mail (Gmail, Exchange Online, GMX and WEB.DE, T-Online, Amazon SES, Mailchimp,
// iCloud, businesses' own servers) passes postscreen (PASS OLD, or PASS NEW after the
// greeting wait), smtpd (TLS, client=), cleanup (message-id=), OpenDKIM's verification,
// rspamd's task line, qmgr (from=, size=, nrcpt=), LMTP into Dovecot (Connect, saved mail
// to INBOX or a sieve's mailbox, Disconnect) and qmgr's removed; a few in a hundred are
// rejected or greylisted by rspamd or go to Junk, some are for mailboxes that do not
// exist (550 5.1.1) or for a reception mailbox that is always over quota (552, a
// non-delivery notice). Postscreen turns botnets away (DNSBL ranks, PREGREET, HANGUP,
// non-SMTP commands); spam past it is rejected for no reverse DNS, a bare HELO or by
// rspamd. Customers send through submission (SASL, DKIM-Signature field added, rspamd)
// to the big providers and each other; a few sites greylist or time out, a message in a
// hundred bounces. IMAP clients log in and out (desktop clients idle for half an hour,
// phones poll), old clients poll POP3, monitoring checks SMTP and IMAP every two
// minutes, root's hourly report goes to ops@; SASL and IMAP password guessing from
// botnets, TLS scanners failing the handshake, hostnames that do not resolve back,
// anvil's statistics. Long-lived processes (qmgr, pickup, postscreen,
// anvil, OpenDKIM, rspamd) keep their pids; smtpd, smtp, lmtp, cleanup and Dovecot's
// workers are replaced every few minutes.
//
// Benign changes:
//   - 0:14, Let's Encrypt renewal: certbot's deploy hook runs postfix reload (the
//     postfix-script and master lines) and reloads Dovecot (SIGHUP); every Postfix and
//     Dovecot worker gets a new pid afterwards.
//   - 0:42 for about 22 minutes, the wine merchant lindenhof-weine.example sends its
//     autumn newsletter (about 2,300 recipients, one message each) from its shop on
//     webhost3 through submission as newsletter@, 50 messages per connection, DKIM-signed;
//     2-3% bounce (notices to the newsletter mailbox), GMX throttles some (421) and
//     greylisting or flaky sites take them on their retries, some long after the send.
//   - 1:41, Dovecot upgraded to 2.3.21.1: the master is killed (signal 15), every open
//     IMAP session is disconnected (Server shutting down.), LMTP deliveries in the few
//     seconds without Dovecot are deferred (No such file or directory) and delivered on
//     their retry, the new master starts and the clients log in again, most within a
//     minute, phones over the next 25 minutes.
//   - 2:05, a new customer, the law office brandt-kanzlei.example, moves in: postfix
//     reload with the new domain, its MX switched so its mail begins to arrive, growing
//     as caches expire, imapsync from 198.51.100.61 copies its twelve mailboxes two at a
//     time for about 35 minutes (long sessions, large in=, Maildir synchronisation
//     warnings), and each user's own IMAP clients and submissions start once the mailbox
//     is copied. All of the new domain's lines carry the change.
//
// Incidents:
//   - 0:31 for about 4 minutes, the local DNS resolver is down: outbound deliveries are
//     deferred ("Host or domain name not found. Name service error for name=... type=MX:
//     Host not found, try again"), postscreen's dnsblog lookups fail (so botnets pass as
//     PASS NEW), clients show as unknown[...] and inbound mail is refused with 450 4.1.8
//     Sender address rejected: Domain not found. The deferred messages' retries 5-10
//     minutes later (qmgr, smtp and removed lines) belong to it too.
//   - 1:02 to about 1:36, the mailbox m.becker@schreinerei-vogt.example is compromised:
//     an IMAP login from a new address, a test message at 1:08, then from 1:10 about one
//     submission session every 40 seconds from rotating foreign addresses, 3-8 messages
//     of 15-40 recipients each: Gmail rate limits (421 4.7.28) and rejects (550 5.7.1),
//     Yahoo defers (TSS04), Microsoft rate limits (451 4.7.650), GMX rejects by policy, a
//     third of the addresses do not exist and non-delivery notices flood the mailbox;
//     about 1:30 the password is changed (the attackers' logins then fail with Password
//     mismatch) and two minutes later the queued spam is deleted with postsuper.
//   - 1:49 for about 35 minutes, mx1's address is blocklisted after the spam run:
//     Exchange Online and Outlook.com bounce the customers' mail (S3150, 5.7.606), sites
//     using Spamhaus bounce it (blocked using zen.spamhaus.org) until about 2:14, GMX,
//     WEB.DE and T-Online refuse to talk to the server (deferred, and qmgr's "delivery
//     temporarily suspended"), the deferred queue grows, customers get non-delivery
//     notices; Microsoft delists about 2:25 and the deferred mail goes out on its retries
//     with delays of half an hour and more.
//   - 2:38 for about 7 minutes, rspamd crashes (its proxies segfault on a bad map, the
//     main process gives up, systemd's restarts die on the same map): every SMTP and
//     submission connection logs "connect to Milter service inet:127.0.0.1:11332:
//     Connection refused" and gets 451 4.7.1 Service unavailable - try again later (at
//     CONNECT and MAIL), until rspamd is started again with the map fixed.
var mailServer = Family{
	Name:    "mail",
	Role:    Tuning,
	Service: "A small hosting company's mail server (Postfix 3.7 with postscreen, Dovecot 2.3 IMAP/POP3/LMTP, OpenDKIM, rspamd milter) logging through rsyslog to /var/log/mail.log in the traditional syslog format",
	Lines:   mailServerLines,
}

const (
	mxIncDNS    = "local DNS resolver down: MX lookups fail (Host not found, try again) and outbound mail is deferred, postscreen DNSBL lookups fail, inbound mail refused with 450 Domain not found; the deferred mail delivered on its retries"
	mxIncAcct   = "compromised mailbox m.becker@schreinerei-vogt.example sending spam through SASL-authenticated submission from foreign addresses: hundreds of messages to many recipients, provider rate limits and rejections, bounces and non-delivery notices, then failed logins after the password change and the queue purge"
	mxIncBlock  = "mx1's address listed on Spamhaus and Microsoft blocklists after the spam run: outbound mail to Exchange Online, Outlook.com and Spamhaus-filtering sites bounced, GMX, WEB.DE and T-Online refusing connections, deferred queue growing until delisting"
	mxIncMilter = "rspamd crashed and stayed down: milter inet:127.0.0.1:11332 connection refused, every SMTP and submission session answered 451 4.7.1 Service unavailable - try again later until rspamd was restarted"

	mxChgCert    = "Let's Encrypt certificate renewal: certbot deploy hook reloads Postfix and Dovecot"
	mxChgNews    = "customer newsletter: lindenhof-weine.example sends its autumn newsletter to about 2,300 recipients through submission"
	mxChgDovecot = "Dovecot upgrade to 2.3.21.1: restart, IMAP sessions disconnected and reconnecting"
	mxChgMig     = "new customer brandt-kanzlei.example moved in: postfix reload, MX switched, mailboxes copied with imapsync, users connecting"
)

const (
	mxStamp   = "Jan _2 15:04:05"
	mxFQDN    = "mx1.kestrelhost.example"
	mxAddr    = "198.51.100.25"
	mxWebIP   = "198.51.100.40"
	mxMigIP   = "198.51.100.61"
	mxMonIP   = "198.51.100.10"
	mxDKIM    = "opendkim[812]"
	mxLMTP    = mxFQDN + "[private/dovecot-lmtp]"
	mxMilter  = "warning: connect to Milter service inet:127.0.0.1:11332: Connection refused"
	mxTempfai = "451 4.7.1 Service unavailable - try again later"
	mxTLS13   = "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256"
	mxTLS13s  = "TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256"
	mxTLS12   = "TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)"
	mxB64     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	mxUnknown = "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table"
)

// Classes of remote mail systems: the big providers, businesses on Exchange Online,
// businesses' own servers and those of them that filter with Spamhaus.
const mxGoogle, mxMSFT, mxGMX, mxTOnline, mxYahoo, mxApple, mxO365, mxBiz, mxBizSH = 0, 1, 2, 3, 4, 5, 6, 7, 8

// Mail clients, by the message-ids they write.
const mxMuaGmail, mxMuaEXO, mxMuaTB, mxMuaOutlook, mxMuaApple, mxMuaSES, mxMuaPHP, mxMuaGMX, mxMuaMC, mxMuaSpam = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9

// Fates of an inbound SMTP session after postscreen.
const mxAccept, mxRejRDNS, mxRejHelo, mxPipe = 0, 1, 2, 3

var mxCustomers = []struct {
	dom, sel string
	n        int
	extra    []string
}{
	{"kestrelhost.example", "mx2024", 9, []string{"ops", "support", "noc", "billing"}}, {"schreinerei-vogt.example", "mail", 6, []string{"m.becker"}},
	{"praxis-dr-keller.example", "mail", 12, []string{"empfang"}}, {"lindenhof-weine.example", "default", 6, []string{"newsletter"}},
	{"steuerkanzlei-hartmann.example", "mail", 17, nil}, {"physio-am-markt.example", "mail", 6, nil},
	{"gaestehaus-sonnhalde.example", "default", 4, nil}, {"architekten-lange-wolf.example", "k1", 14, nil},
	{"baeckerei-fuchs.example", "mail", 9, nil}, {"it-service-neumann.example", "dkim", 8, nil},
	{"tanzschule-roth.example", "mail", 4, nil}, {"zahnarzt-dr-klein.example", "mail", 11, nil},
	{"immobilien-kaiser.example", "mail", 13, nil}, {"musikverein-eichstetten.example", "default", 7, nil},
	{"elektro-werner.example", "mail", 12, nil}, {"hausverwaltung-lorenz.example", "mail", 16, nil},
	{"fotostudio-licht.example", "default", 3, nil}, {"weingut-beck.example", "mail", 7, nil},
	{"ergotherapie-lehmann.example", "mail", 6, nil}, {"brandt-kanzlei.example", "mail", 12, nil},
}

var (
	mxFirst  = []string{"anna", "lukas", "sabine", "thomas", "julia", "michael", "katrin", "stefan", "laura", "jan", "petra", "markus", "sophie", "daniel", "claudia", "felix", "monika", "tobias", "nina", "andreas", "eva", "jonas", "birgit", "florian", "lea", "martin", "heike", "simon", "carina", "oliver", "ute", "frank", "melanie", "sven", "karin", "paul"}
	mxLast   = []string{"keller", "becker", "hoffmann", "schulz", "wagner", "richter", "klein", "wolf", "neumann", "schwarz", "zimmermann", "braun", "krueger", "hartmann", "lange", "werner", "krause", "meier", "lehmann", "kaiser", "fuchs", "vogel", "roth", "beck", "lorenz", "schmitt", "weber", "frank", "berger", "haas"}
	mxRoles  = []string{"office", "buchhaltung", "kontakt", "verwaltung", "service", "team", "rechnung", "bewerbung"}
	mxTrades = []string{"autohaus", "metallbau", "reisebuero", "sanitaer", "druckerei", "spedition", "gaertnerei", "bau", "apotheke", "ingenieure", "verlag", "moebel", "optik", "modehaus", "brauerei", "hotel", "pflegedienst", "dachdecker", "fahrschule", "maler", "landhandel", "steinmetz", "versicherung", "stadtwerke"}
	mxStatus = []string{"sent", "deferred", "bounced"}
)

type mxUser struct {
	addr, local, dom, office, home, mobile, helo string
	alias                                        string // a role address delivered to this mailbox
	weight                                       float64
	mua                                          int
	full, sieve, noLogin                         bool
	from                                         time.Time // in use from then (the moved-in domain)
	tr                                           truth
}

type mxRemote struct {
	dom, asn, senderHost string // senderHost: the host a business sends from
	mxs, ips             []string
	class, tls           int // tls: 0 none, 1 trusted, 2 untrusted
	weight, flaky        float64
	grey                 bool
}

type mxRcpt struct {
	addr, orig string
	user       *mxUser
	rem        *mxRemote
	bad        bool // the mailbox does not exist
}

type mxMsg struct {
	qid, from, msgid string
	size, nrcpt      int
	queued           time.Time
	tr               truth
	junk, spam, news bool
}

// mxOut is a delivery attempt's result: st 0 sent, 1 deferred, 2 bounced.
type mxOut struct {
	st                              int
	dsn, text, relay, host, ip, tls string
	c, d                            float64
	qmgr, connected                 bool
	tr                              truth
}

type mxSender struct {
	host, ip, helo, from, msgid, dkim, sel, asn, cipher string
	free, bulk, spam, bdat, tls, known, badrdns         bool
}

type mxIn struct {
	s         mxSender
	rcpts     []mxRcpt
	bad       []string
	fate      int
	act, syms string
	score     float64
	tr        truth
}

type mxSub struct {
	user             *mxUser
	ip, method, helo string
	port, mua        int
	tr               truth
	spam, news       bool
	msgs             [][]mxRcpt
	gap              float64
}

type mxCmd struct {
	name    string
	ok, all int
}

// mxCmds counts an SMTP session's commands for smtpd's disconnect line.
type mxCmds []mxCmd

type mxProc struct {
	from time.Time
	pid  int
}

type mxSym struct {
	name string
	w    float64
	opt  string
}

type mxLog struct {
	g                                                        *gen
	j                                                        journal
	start, end                                               time.Time
	qids                                                     map[string]bool
	pids                                                     map[int]bool
	pools                                                    map[string][][]mxProc
	pfResets, dcResets                                       []time.Time
	users, brandt, regular                                   []*mxUser
	byAddr                                                   map[string]*mxUser
	sel                                                      map[string]string
	remotes, bizSenders                                      []*mxRemote
	remByDom                                                 map[string]*mxRemote
	bots, accIPs, purged                                     []string
	acct                                                     *mxUser
	rsOld, rsNew                                             []int
	rsMain                                                   int
	syncAt, syncEnd                                          map[*mxUser]time.Time
	cert, news, dovecot, mig                                 truth
	newsEnd, dcDown, dcUp, dnsFrom, dnsTo, accLogin, accFrom time.Time
	accLocked, accPurge, accEnd, blFrom, blGMX, blSH, blMS   time.Time
	milFrom, milTo                                           time.Time
}

func mailServerLines(seed int64) []Line {
	start := time.Date(2024, 10, 15, 6, 0, 0, 0, time.UTC)
	h := &mxLog{g: newGen(seed, 2121), start: start, end: start.Add(Length),
		qids: map[string]bool{}, pids: map[int]bool{}, pools: map[string][][]mxProc{}, byAddr: map[string]*mxUser{},
		sel: map[string]string{}, remByDom: map[string]*mxRemote{}}
	h.schedule()
	h.setup()
	h.reloads()
	h.newsletter()
	h.compromised()
	h.migration()
	h.rspamdCrash()
	h.background()
	h.purgeLines()
	return h.j.sorted(h.end)
}

// --- randomness, ids and formats ------------------------------------------------------

func mxD(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func mxIf[T any](c bool, a, b T) T {
	if c {
		return a
	}
	return b
}

func (h *mxLog) f(lo, hi float64) float64         { return lo + (hi-lo)*h.g.rng.Float64() }
func (h *mxLog) sec(lo, hi float64) time.Duration { return mxD(h.f(lo, hi)) }
func (h *mxLog) port() int                        { return h.g.between(30000, 64999) }
func (h *mxLog) b64(n int) string                 { return h.chars(n, 64) }
func (h *mxLog) b62(n int) string                 { return h.chars(n, 62) }

func (h *mxLog) chars(n, k int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = mxB64[h.g.intn(k)]
	}
	return string(b)
}

func (h *mxLog) person() string {
	f, l := pick(h.g, mxFirst), pick(h.g, mxLast)
	n := strconv.Itoa(h.g.between(60, 99))
	return pick(h.g, []string{f + "." + l, f + "." + l + n, f[:1] + l, f + "_" + l, f + l[:1] + n})
}

func mxDomain(addr string) string { return addr[strings.LastIndex(addr, "@")+1:] }

func mxNet(ip string) string { return ip[:strings.LastIndex(ip, ".")] }

// qid is a Postfix short queue id: the microseconds of the time and the queue file's
// inode, in hexadecimal.
func (h *mxLog) qid(at time.Time) string {
	for {
		q := fmt.Sprintf("%05X%X", at.Nanosecond()/1000, 0x1C0000+h.g.intn(0x3FFFF))
		if !h.qids[q] {
			h.qids[q] = true
			return q
		}
	}
}

// mxDl writes a delay as Postfix does: two significant digits, whole seconds from 10.
func mxDl(x float64) string {
	switch {
	case x < 0.005:
		return "0"
	case x < 0.1:
		return strings.TrimRight(strings.TrimRight(strconv.FormatFloat(x, 'f', 2, 64), "0"), ".")
	case x < 9.5:
		return strconv.FormatFloat(x, 'g', 2, 64)
	}
	return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
}

func (h *mxLog) emit(tr truth, at time.Time, proc, text string) {
	if !at.Before(h.start) && at.Before(h.end) {
		h.j.add(tr, at, at.Format(mxStamp)+" mx1 "+proc+": "+text)
	}
}

func (h *mxLog) dove(tr truth, at time.Time, text string) { h.emit(tr, at, "dovecot", text) }

// mxRDNS is an address's reverse name, "" when it has none.
func mxRDNS(ip string) string {
	var a, b, c, d int
	fmt.Sscanf(ip, "%d.%d.%d.%d", &a, &b, &c, &d)
	return []string{fmt.Sprintf("p%02x%02x%02x%02x.dip0.t-ipconnect.de", a, b, c, d),
		fmt.Sprintf("ip-%d-%d-%d-%d.um%02d.pools.vodafone-ip.de", a, b, c, d, 20+d%40),
		fmt.Sprintf("dynamic-%03d-%03d-%03d-%03d.%d.%d.pool.telefonica.de", a, b, c, d, a, b),
		fmt.Sprintf("%d-%d-%d-%d.static.kabel-nord.example", d, c, b, a),
		fmt.Sprintf("host-%d-%d-%d-%d.customer.m-online.example", a, b, c, d), "", ""}[(a*7+b*3+c+d)%7]
}

// client is smtpd's name for a customer's address: its reverse name, or unknown while
// the resolver is down (changed).
func (h *mxLog) client(ip string, at time.Time) (name string, changed bool) {
	host := mxIf(ip == mxWebIP, "webhost3.kestrelhost.example", mxRDNS(ip))
	if host == "" || slices.Contains(h.accIPs, ip) {
		return "unknown[" + ip + "]", false
	}
	if h.dnsDown(at) {
		return "unknown[" + ip + "]", true
	}
	return host + "[" + ip + "]", false
}

// add counts commands as the disconnect line writes them: "ehlo=2 starttls=1 auth=0/1".
func (c *mxCmds) add(spec string) {
	for _, f := range strings.Fields(spec) {
		name, v, _ := strings.Cut(f, "=")
		a, b, slash := strings.Cut(v, "/")
		ok, _ := strconv.Atoi(a)
		all, _ := strconv.Atoi(mxIf(slash, b, a))
		i := slices.IndexFunc(*c, func(x mxCmd) bool { return x.name == name })
		if i < 0 {
			i, *c = len(*c), append(*c, mxCmd{name: name})
		}
		(*c)[i].ok, (*c)[i].all = (*c)[i].ok+ok, (*c)[i].all+all
	}
}

func (c mxCmds) String() string {
	var b strings.Builder
	ok, all := 0, 0
	for _, x := range c {
		ok, all = ok+x.ok, all+x.all
		b.WriteString(" " + x.name + "=" + mxFrac(x.ok, x.all))
	}
	return b.String() + " commands=" + mxFrac(ok, all)
}

func mxFrac(ok, all int) string {
	return mxIf(ok == all, strconv.Itoa(ok), strconv.Itoa(ok)+"/"+strconv.Itoa(all))
}

func (h *mxLog) msgid(style int, dom string, at time.Time) string {
	g := h.g
	switch style {
	case mxMuaGmail:
		return "CA" + strings.NewReplacer("/", "_", "+", "-").Replace(h.b64(g.between(44, 56))) + "@mail.gmail.com"
	case mxMuaEXO:
		box := fmt.Sprintf("%s%dPR%02dMB%04d", pick(g, []string{"AM", "DB", "VI", "PA", "AS", "DU", "GV"}), g.between(1, 9), g.between(1, 10), g.between(1000, 9999))
		return fmt.Sprintf("%s%s@%s.eurprd%02d.prod.outlook.com", box, strings.ToUpper(g.hex(12)), box, g.between(1, 9))
	case mxMuaTB:
		return g.uuid() + "@" + dom
	case mxMuaOutlook:
		return fmt.Sprintf("%s$%s$%s$@%s", g.hex(12), g.hex(8), g.hex(8), dom)
	case mxMuaApple:
		return strings.ToUpper(g.uuid()) + "@" + dom
	case mxMuaSES:
		return "0102019" + g.hex(9) + "-" + g.uuid() + "-000000@eu-west-1.amazonses.com"
	case mxMuaPHP:
		return h.b62(43) + "@" + dom
	case mxMuaGMX:
		return fmt.Sprintf("trinity-%s-%d@3c-app-%s-bap%02d", g.uuid(), at.UnixMilli(), pick(g, []string{"gmx", "webde"}), g.between(1, 72))
	case mxMuaMC:
		return fmt.Sprintf("%s@mail%d.atl%d.mcdlv.net", g.hex(24), g.between(10, 240), g.between(11, 61))
	}
	return strings.ToUpper(g.hex(8)) + "." + strings.ToUpper(g.hex(12)) + "@" + dom
}

// --- processes ------------------------------------------------------------------------

// pidAt is the pid a process forked at t gets: the host forks about six processes a
// second, and no two processes share one.
func (h *mxLog) pidAt(t time.Time) int {
	p := 1_846_000 + int(t.Sub(h.start).Seconds()*6.3) + h.g.intn(6)
	for h.pids[p] {
		p++
	}
	h.pids[p] = true
	return p
}

// mxPools: how many processes of a kind run side by side, how long one lives (0: until
// a reload) and whether it is Dovecot's (replaced when Dovecot reloads or restarts).
var mxPools = map[string][3]float64{
	"smtpd": {6, 300, 0}, "submission/smtpd": {3, 360, 0}, "smtps/smtpd": {2, 420, 0}, "smtp": {8, 240, 0},
	"lmtp": {4, 300, 0}, "cleanup": {4, 360, 0}, "bounce": {1, 150, 0}, "dnsblog": {3, 240, 0},
	"postscreen": {1, 0, 0}, "qmgr": {1, 0, 0}, "pickup": {1, 0, 0}, "anvil": {1, 0, 0},
	"dlmtp": {3, 480, 1}, "auth-worker": {2, 600, 1}, "auth": {1, 0, 1},
}

func (h *mxLog) proc(kind string, at time.Time) int {
	p, ok := h.pools[kind]
	if !ok {
		p = h.newPool(kind)
		h.pools[kind] = p
	}
	s := p[h.g.intn(len(p))]
	i := sort.Search(len(s), func(i int) bool { return s[i].from.After(at) }) - 1
	return s[max(i, 0)].pid
}

func (h *mxLog) pf(kind string, at time.Time) string {
	return fmt.Sprintf("postfix/%s[%d]", kind, h.proc(kind, at))
}

func (h *mxLog) newPool(kind string) [][]mxProc {
	sp := mxPools[kind]
	life, resets := sp[1], mxIf(sp[2] == 1, h.dcResets, h.pfResets)
	out := make([][]mxProc, int(sp[0]))
	for i := range out {
		t := mxIf(life == 0, h.start.Add(-40*24*time.Hour), h.start.Add(-mxD(h.f(0, life))))
		s := []mxProc{{t, mxIf(life == 0, h.g.between(1150, 1420), h.pidAt(t))}}
		for {
			next := mxIf(life > 0, t.Add(mxD(h.g.rng.ExpFloat64()*life+5)), h.end.Add(time.Hour))
			for _, r := range resets {
				if r.After(t) && r.Before(next) {
					next = r.Add(h.sec(0.2, 4))
					break
				}
			}
			if !next.Before(h.end) {
				break
			}
			t = next
			s = append(s, mxProc{t, h.pidAt(t)})
		}
		out[i] = s
	}
	return out
}

// --- the schedule and the hosted mailboxes --------------------------------------------

func (h *mxLog) schedule() {
	m := func(min, jitter float64) time.Time { return h.start.Add(mxD(min*60 + h.f(0, jitter))) }
	h.cert = change{name: mxChgCert, start: m(14, 50)}.truth()
	h.dnsFrom = m(31, 45)
	h.dnsTo = h.dnsFrom.Add(h.sec(215, 265))
	h.news = change{name: mxChgNews, start: m(42, 50)}.truth()
	h.newsEnd = h.news.changeStart.Add(h.sec(1250, 1400))
	h.accLogin, h.accFrom, h.accLocked = m(62, 50), m(68, 40), m(90, 50)
	h.accPurge, h.accEnd = h.accLocked.Add(h.sec(95, 150)), h.accLocked.Add(h.sec(300, 380))
	h.dovecot = change{name: mxChgDovecot, start: m(101, 50)}.truth()
	h.dcDown = h.dovecot.changeStart.Add(h.sec(1.5, 3))
	h.dcUp = h.dcDown.Add(h.sec(5, 8))
	h.blFrom = m(109, 50)
	h.blGMX, h.blSH, h.blMS = h.blFrom.Add(h.sec(100, 220)), h.blFrom.Add(h.sec(1380, 1560)), h.blFrom.Add(h.sec(2040, 2220))
	h.mig = change{name: mxChgMig, start: m(125, 50)}.truth()
	h.milFrom = m(158, 50)
	h.milTo = h.milFrom.Add(h.sec(390, 450))
	h.pfResets = []time.Time{h.cert.changeStart.Add(time.Second), h.mig.changeStart.Add(time.Second)}
	h.dcResets = []time.Time{h.cert.changeStart.Add(2 * time.Second), h.dcUp}
	h.rsOld = []int{1880, 1881, 1882, 1883}
	h.rsMain = h.pidAt(h.milTo.Add(-2 * time.Second))
	h.rsNew = []int{h.rsMain + 1, h.rsMain + 2, h.rsMain + 3, h.rsMain + 4}
}

func (h *mxLog) dnsDown(t time.Time) bool    { return !t.Before(h.dnsFrom) && t.Before(h.dnsTo) }
func (h *mxLog) milterDown(t time.Time) bool { return !t.Before(h.milFrom) && t.Before(h.milTo) }
func (h *mxLog) dovecotDown(t time.Time) bool {
	return !t.Before(h.dcDown) && t.Before(h.dcUp)
}

// blocked reports whether a class of remote systems refuses mx1's address at t.
func (h *mxLog) blocked(class int, t time.Time) bool {
	switch class {
	case mxMSFT, mxO365:
		return !t.Before(h.blFrom) && t.Before(h.blMS)
	case mxBizSH:
		return !t.Before(h.blFrom) && t.Before(h.blSH)
	case mxGMX, mxTOnline:
		return !t.Before(h.blGMX) && t.Before(h.blSH.Add(4*time.Minute))
	}
	return false
}

func (h *mxLog) newUser(local, dom, office string) *mxUser {
	g := h.g
	u := &mxUser{addr: local + "@" + dom, local: local, dom: dom, office: office, home: g.publicIP(), mobile: g.publicIP(),
		weight: g.lognormal(1, 0.7), mua: pick(g, []int{mxMuaTB, mxMuaOutlook, mxMuaOutlook, mxMuaApple, mxMuaTB}), sieve: g.chance(0.12)}
	u.helo = map[int]string{mxMuaTB: fmt.Sprintf("[192.168.%d.%d]", g.between(0, 2), g.between(20, 200)), mxMuaOutlook: "DESKTOP-" + strings.ToUpper(g.alnum(7)), mxMuaApple: "smtpclient.apple"}[u.mua]
	h.byAddr[u.addr] = u
	h.users = append(h.users, u)
	return u
}

func (h *mxLog) setup() {
	g := h.g
	for _, c := range mxCustomers {
		h.sel[c.dom] = c.sel
		office, style := g.publicIP(), g.intn(3)
		var us []*mxUser
		for i := 0; i < c.n+len(c.extra); i++ {
			f, l := pick(g, mxFirst), pick(g, mxLast)
			local := mxIf(i == 1 && c.n >= 6, pick(g, mxRoles), []string{f + "." + l, f[:1] + "." + l, f}[style])
			if i == 0 {
				local = "info"
			} else if i >= c.n {
				local = c.extra[i-c.n]
			}
			if h.byAddr[local+"@"+c.dom] != nil {
				continue
			}
			u := h.newUser(local, c.dom, office)
			if alias := pick(g, mxRoles) + "@" + c.dom; i >= 2 && i < c.n && g.chance(0.15) && h.byAddr[alias] == nil {
				u.alias = alias
			}
			us = append(us, u)
		}
		if c.dom == "brandt-kanzlei.example" {
			h.brandt = us
		} else {
			h.regular = append(h.regular, us...)
		}
	}
	h.acct = h.byAddr["m.becker@schreinerei-vogt.example"]
	h.byAddr["empfang@praxis-dr-keller.example"].full = true
	h.byAddr["newsletter@lindenhof-weine.example"].noLogin = true
	h.byAddr["noc@kestrelhost.example"].noLogin = true
	// The moved-in domain's mailboxes are copied two at a time; each is in use after.
	h.syncAt, h.syncEnd = map[*mxUser]time.Time{}, map[*mxUser]time.Time{}
	workers := [2]time.Time{h.mig.changeStart.Add(h.sec(150, 200)), h.mig.changeStart.Add(h.sec(160, 230))}
	for _, u := range h.brandt {
		w := mxIf(workers[1].Before(workers[0]), 1, 0)
		at, dur := workers[w], math.Min(h.g.lognormal(280, 0.55), 1100)
		h.syncAt[u], h.syncEnd[u] = at, at.Add(mxD(dur))
		u.from, u.tr = at.Add(mxD(dur+h.f(60, 900))), h.mig
		workers[w] = at.Add(mxD(dur + h.f(2, 8)))
	}
	h.remoteSystems()
	for i := 0; i < 120; i++ {
		h.bots = append(h.bots, g.publicIP())
	}
	for _, a := range []int{102, 105, 197, 41, 154, 102, 196, 41} {
		h.accIPs = append(h.accIPs, fmt.Sprintf("%d.%d.%d.%d", a, g.between(16, 250), g.intn(256), g.between(2, 254)))
	}
}

func (h *mxLog) addRemote(dom string, class int, w float64, mxs []string, ips []string) *mxRemote {
	r := &mxRemote{dom: dom, mxs: mxs, ips: ips, class: class, weight: w, tls: 1}
	h.remotes = append(h.remotes, r)
	h.remByDom[dom] = r
	return r
}

func (h *mxLog) remoteSystems() {
	g := h.g
	gm := []string{"gmail-smtp-in.l.google.com", "gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com"}
	gmIP := []string{"142.250.102.27", "142.251.9.26", "64.233.184.27"}
	h.addRemote("gmail.com", mxGoogle, 22, gm, gmIP)
	h.addRemote("googlemail.com", mxGoogle, 2, gm, gmIP)
	h.addRemote("outlook.com", mxMSFT, 3, []string{"outlook-com.olc.protection.outlook.com", "outlook-com.olc.protection.outlook.com"}, []string{"52.101.68.9", "52.101.73.22"})
	h.addRemote("hotmail.com", mxMSFT, 2.5, []string{"hotmail-com.olc.protection.outlook.com"}, []string{"52.101.42.10"})
	h.addRemote("hotmail.de", mxMSFT, 2, []string{"eur.olc.protection.outlook.com"}, []string{"52.101.68.17"})
	h.addRemote("live.de", mxMSFT, 1, []string{"eur.olc.protection.outlook.com"}, []string{"52.101.73.4"})
	gx := []string{"mx00.emig.gmx.net", "mx01.emig.gmx.net"}
	gxIP := []string{"212.227.15.9", "212.227.17.5"}
	h.addRemote("gmx.de", mxGMX, 8, gx, gxIP)
	h.addRemote("gmx.net", mxGMX, 4, gx, gxIP)
	h.addRemote("web.de", mxGMX, 9, []string{"mx-ha03.web.de", "mx-ha02.web.de"}, []string{"212.227.15.17", "212.227.17.8"})
	h.addRemote("t-online.de", mxTOnline, 7, []string{"mx00.t-online.de", "mx02.t-online.de"}, []string{"194.25.134.8", "194.25.134.72"})
	h.addRemote("yahoo.com", mxYahoo, 1.5, []string{"mta6.am0.yahoodns.net", "mta5.am0.yahoodns.net"}, []string{"67.195.204.77", "98.136.96.74"})
	h.addRemote("yahoo.de", mxYahoo, 1, []string{"mx-eu.mail.am0.yahoodns.net"}, []string{"188.125.72.74"})
	h.addRemote("icloud.com", mxApple, 2.5, []string{"mx01.mail.icloud.com", "mx02.mail.icloud.com"}, []string{"17.57.155.23", "17.42.251.62"})
	h.addRemote("me.com", mxApple, 0.5, []string{"mx01.mail.icloud.com"}, []string{"17.57.155.23"})
	h.addRemote("posteo.de", mxBiz, 1, []string{"mx01.posteo.de"}, []string{"185.67.36.61"})
	h.addRemote("mailbox.org", mxBizSH, 1, []string{"mxext1.mailbox.org"}, []string{"80.241.60.212"})
	h.addRemote("freenet.de", mxBizSH, 1.2, []string{"mx.freenet.de"}, []string{"195.4.92.212"})
	for i := 0; i < 36; i++ {
		dom := pick(g, mxTrades) + "-" + pick(g, mxLast) + ".example"
		if h.remByDom[dom] != nil {
			continue
		}
		if i%3 == 0 {
			mx := strings.ReplaceAll(dom, ".", "-") + ".mail.protection.outlook.com"
			h.addRemote(dom, mxO365, 0.8, []string{mx, mx}, []string{fmt.Sprintf("52.101.%d.%d", pick(g, []int{65, 68, 73}), g.between(1, 60)), fmt.Sprintf("52.101.%d.%d", pick(g, []int{40, 42}), g.between(1, 60))})
			continue
		}
		ip := g.publicIP()
		r := h.addRemote(dom, mxIf(i%3 == 1, mxBizSH, mxBiz), 0.8, []string{"mail." + dom}, []string{ip})
		r.tls, r.grey, r.flaky = pick(g, []int{0, 1, 2, 2}), i%7 == 2, mxIf(i%11 == 5, 0.5, 0.0)
		r.asn = fmt.Sprintf("asn:%d, ipnet:%s.0/%d, country:DE", g.between(3000, 60000), mxNet(ip), pick(g, []int{16, 19, 22, 24}))
		r.senderHost = "mail." + dom
		h.bizSenders = append(h.bizSenders, r)
	}
}

// load is the share of the day's peak traffic at t: the morning's rise.
func (h *mxLog) load(t time.Time) float64 {
	return 0.62 + 0.6*rampUp(t, h.start.Add(5*time.Minute), 140*time.Minute)
}

func (h *mxLog) pickFrom(pool []*mxUser, at time.Time) *mxUser {
	i := h.g.weighted(len(pool), func(i int) float64 {
		return mxIf(pool[i].noLogin || pool[i].from.After(at), 0, pool[i].weight)
	})
	return pool[max(i, 0)]
}

func (h *mxLog) pickUser(at time.Time) *mxUser { return h.pickFrom(h.users, at) }

// remoteRcpt draws a remote recipient; mix weighs the remote systems.
func (h *mxLog) remoteRcpt(mix func(r *mxRemote) float64, bad float64) mxRcpt {
	r := h.remotes[h.g.weighted(len(h.remotes), func(i int) float64 { return mix(h.remotes[i]) })]
	local := h.person()
	if r.class >= mxO365 && h.g.chance(0.4) {
		local = pick(h.g, append([]string{"info", "kontakt", "einkauf", "vertrieb"}, mxRoles...))
	}
	return mxRcpt{addr: local + "@" + r.dom, rem: r, bad: h.g.chance(bad)}
}

func (h *mxLog) rcptFor(addr string) mxRcpt {
	if u := h.byAddr[addr]; u != nil {
		return mxRcpt{addr: addr, user: u}
	}
	dom := mxDomain(addr)
	r := h.remByDom[dom]
	if r == nil {
		r = &mxRemote{dom: dom, mxs: []string{"mx." + dom}, ips: []string{h.g.publicIP()}, class: mxBiz, tls: 2}
		h.remByDom[dom] = r
	}
	return mxRcpt{addr: addr, rem: r}
}

// --- routine traffic ------------------------------------------------------------------

func (h *mxLog) background() {
	g := h.g
	rate := func(r float64, byLoad bool) func(time.Time) float64 {
		return func(t time.Time) float64 { return r * mxIf(byLoad, h.load(t), 1) }
	}
	g.arrivals(h.start, h.end, rate(0.6, true), func(t time.Time) { h.inbound(t, routine, h.regular) })
	g.arrivals(h.start, h.end, func(t time.Time) float64 { return 0.3 + 0.08*h.load(t) }, h.spamConn)
	g.arrivals(h.start, h.end, rate(0.07, false), h.spamPassed)
	g.arrivals(h.start.Add(-30*time.Minute), h.end, rate(0.2, true), func(t time.Time) { h.customerMail(t, h.pickUser(t)) })
	g.arrivals(h.start.Add(-3*time.Hour), h.end, rate(1.25, true), func(t time.Time) { h.imapClient(t, h.pickUser(t)) })
	for i := 0; i < 9; i++ {
		u := h.pickFrom(h.regular, h.start)
		period := time.Duration(pick(g, []int{5, 5, 10, 10, 15})) * time.Minute
		g.every(h.start.Add(-mxD(h.f(0, period.Seconds()))), h.end, period, 20*time.Second, func(t time.Time) { h.popSession(u, t) })
	}
	g.arrivals(h.start, h.end, rate(0.03, false), func(t time.Time) { // SASL password guessing
		user, exists := h.guess()
		h.saslFail(routine, t, h.bot(t), pick(g, []int{587, 587, 465}), user, mxIf(exists, "Password mismatch", "unknown user"), g.between(1, 3))
	})
	g.arrivals(h.start, h.end, rate(0.012, false), func(t time.Time) { h.imapFail(t, false) })
	g.arrivals(h.start, h.end, rate(0.004, true), func(t time.Time) { h.imapFail(t, true) })
	g.arrivals(h.start, h.end, rate(0.008, false), h.scanner)
	g.arrivals(h.start, h.end, rate(0.0005, false), h.dovecotNoise)
	g.every(h.start.Add(h.sec(0, 120)), h.end, 2*time.Minute, time.Second, h.monitor)
	g.every(h.start.Add(7*time.Minute), h.end, time.Hour, 3*time.Second, h.cron)
	g.every(h.start.Add(h.sec(0, 600)), h.end, 10*time.Minute, 2*time.Second, h.anvil)
}

// sender draws the remote system and sender of an inbound message.
func (h *mxLog) sender(at time.Time) mxSender {
	g := h.g
	p := h.person()
	switch g.weighted(8, func(i int) float64 { return []float64{24, 20, 14, 5, 10, 5, 18, 4}[i] }) {
	case 0:
		n := g.between(41, 254)
		host := fmt.Sprintf("mail-%s-f%d.google.com", pick(g, []string{"wm1", "wr1", "ej1", "ed1", "lf1", "lj1", "pj1", "qv1", "yb1", "oa1"}), n)
		return mxSender{host: host, ip: fmt.Sprintf("209.85.%d.%d", 128+g.intn(96), n), helo: host, from: p + "@gmail.com", msgid: h.msgid(mxMuaGmail, "", at),
			dkim: "gmail.com", sel: "20230601", asn: "asn:15169, ipnet:209.85.128.0/17, country:US", cipher: mxTLS13, free: true, bdat: true, tls: true, known: g.chance(0.93)}
	case 1:
		host := fmt.Sprintf("mail-%s%son2%03d.outbound.protection.outlook.com", pick(g, []string{"db8", "am0", "vi1", "he1", "am7", "du2", "gv1"}), pick(g, []string{"eur05", "eur02", "eur03", "eur04", "eur01"}), g.between(1, 999))
		from := p + "@" + pick(g, []string{"outlook.com", "hotmail.de", "outlook.de"})
		if g.chance(0.75) {
			from = p + "@" + h.remotes[g.weighted(len(h.remotes), func(i int) float64 { return mxIf(h.remotes[i].class == mxO365, 1.0, 0) })].dom
		}
		return mxSender{host: host, ip: fmt.Sprintf("40.107.%d.%d", g.intn(256), g.between(1, 254)), helo: host, from: from, msgid: h.msgid(mxMuaEXO, "", at),
			dkim: mxDomain(from), sel: "selector1", asn: "asn:8075, ipnet:40.104.0.0/14, country:US", cipher: mxTLS12, bdat: true, tls: true, known: g.chance(0.9)}
	case 2:
		host, dom, sel, ip := "mout.gmx.net", pick(g, []string{"gmx.de", "gmx.net"}), "s1089575", pick(g, []string{"212.227.15.15", "212.227.15.18", "212.227.17.20", "212.227.17.21"})
		if g.chance(0.5) {
			host, dom, sel, ip = "mout.web.de", "web.de", "s29768273", pick(g, []string{"217.72.192.78", "212.227.15.3", "212.227.15.14"})
		}
		return mxSender{host: host, ip: ip, helo: host, from: p + "@" + dom, msgid: h.msgid(mxMuaGMX, dom, at), dkim: dom, sel: sel,
			asn: "asn:8560, ipnet:212.227.0.0/16, country:DE", cipher: mxTLS13, free: true, tls: true, known: g.chance(0.95)}
	case 3:
		host := fmt.Sprintf("mailout%02d.t-online.de", g.between(1, 12))
		return mxSender{host: host, ip: fmt.Sprintf("194.25.134.%d", g.between(8, 90)), helo: host, from: p + "@t-online.de", msgid: h.msgid(mxMuaTB, "t-online.de", at),
			asn: "asn:3320, ipnet:194.25.0.0/16, country:DE", cipher: mxTLS12, free: true, tls: true, known: g.chance(0.9)}
	case 4:
		a, b := g.between(1, 200), g.between(1, 254)
		host := fmt.Sprintf("a%d-%d.smtp-out.eu-west-1.amazonses.com", a, b)
		brand := pick(g, []string{"news.zalando.example", "mail.db-reise.example", "info.otto.example", "notifications.shopify.example", "mailer.lieferando.example", "billing.hetzner.example"})
		return mxSender{host: host, ip: fmt.Sprintf("54.240.%d.%d", a, b), helo: host, from: h.msgid(mxMuaSES, "", at), msgid: h.msgid(mxMuaSES, "", at),
			dkim: brand, sel: "ses" + g.hex(4), asn: "asn:16509, ipnet:54.240.0.0/18, country:US", cipher: mxTLS13, bulk: true, tls: true, known: g.chance(0.85)}
	case 5:
		a, b := g.between(10, 240), g.between(11, 61)
		host := fmt.Sprintf("mail%d.atl%d.mcdlv.net", a, b)
		return mxSender{host: host, ip: fmt.Sprintf("198.2.%d.%d", 128+g.intn(64), a), helo: host,
			from:  fmt.Sprintf("bounce-mc.us%d_%d.%d-%s=kestrel@mail%d.atl%d.mcdlv.net", g.between(1, 21), g.between(1e7, 9e7), g.between(1e6, 9e6), g.hex(10), a, b),
			msgid: h.msgid(mxMuaMC, "", at), dkim: "mcdlv.net", sel: "k2", asn: "asn:14496, ipnet:198.2.128.0/18, country:US", cipher: mxTLS12, bulk: true, tls: true, known: g.chance(0.85)}
	case 6:
		r := pick(g, h.bizSenders)
		s := mxSender{host: r.senderHost, ip: r.ips[0], helo: r.senderHost, from: h.person() + "@" + r.dom, msgid: h.msgid(pick(g, []int{mxMuaTB, mxMuaOutlook, mxMuaApple}), r.dom, at),
			asn: r.asn, cipher: mxIf(r.tls == 2, mxTLS12, mxTLS13), tls: r.tls > 0, known: g.chance(0.8), badrdns: r.dom[0]%4 == 0}
		if g.chance(0.45) {
			s.dkim, s.sel = r.dom, "mail"
		}
		if mxRDNS(r.ips[0]) == "" {
			s.host, s.badrdns = "", false
		}
		return s
	}
	n := g.between(2, 99)
	host := fmt.Sprintf("p%02d-%s.mail.icloud.com", n, pick(g, []string{"mailnqs", "mailgateway", "mailout"}))
	return mxSender{host: host, ip: fmt.Sprintf("17.58.%d.%d", g.between(0, 63), g.between(1, 254)), helo: host, from: p + "@icloud.com", msgid: h.msgid(mxMuaApple, "icloud.com", at),
		dkim: "icloud.com", sel: "1a1hai", asn: "asn:714, ipnet:17.58.0.0/16, country:US", cipher: mxTLS13s, free: true, tls: true, known: g.chance(0.9)}
}

// inbound is a message from the internet to 1-4 hosted mailboxes of pool.
func (h *mxLog) inbound(at time.Time, tr truth, pool []*mxUser) {
	g := h.g
	in := mxIn{s: h.sender(at), tr: tr, fate: mxAccept}
	seen := map[*mxUser]bool{}
	for i, n := 0, mxIf(g.chance(0.12), g.between(2, 4), 1); i < n; i++ {
		if u := h.pickFrom(pool, h.end); !seen[u] {
			seen[u] = true
			in.rcpts = append(in.rcpts, mxRcpt{addr: u.addr, user: u, orig: mxIf(u.alias != "" && g.chance(0.4), u.alias, "")})
		}
	}
	if g.chance(0.03) {
		in.bad = []string{pick(g, []string{h.person(), "j.schmidt", "verkauf", "admin", "info2", "marketing"}) + "@" + in.rcpts[0].user.dom}
	}
	x := g.rng.Float64()
	in.act = mxIf(x < 0.006, "reject", mxIf(x < 0.016, "greylist", mxIf(x < 0.06, "add header", "no action")))
	in.score = map[string]float64{"reject": h.f(15, 24), "greylist": h.f(4, 5.9), "add header": h.f(6, 12), "no action": h.f(-4.5, 1.2)}[in.act]
	in.syms = h.inSyms(&in)
	port := h.port()
	h.smtpdIn(h.screen(at, in.s.ip, port, in.s.known, tr), port, in)
}

// screen logs postscreen passing a connection and returns when smtpd takes it.
func (h *mxLog) screen(at time.Time, ip string, port int, known bool, tr truth) time.Time {
	ps := h.pf("postscreen", at)
	h.emit(tr, at, ps, fmt.Sprintf("CONNECT from [%s]:%d to [%s]:25", ip, port, mxAddr))
	if known {
		t := at.Add(h.sec(0.001, 0.02))
		h.emit(tr, t, ps, fmt.Sprintf("PASS OLD [%s]:%d", ip, port))
		return t.Add(h.sec(0.001, 0.01))
	}
	if h.dnsDown(at) {
		h.dnsblFail(at.Add(h.sec(0.01, 0.1)), ip)
	}
	t := at.Add(h.sec(0.5, 6))
	h.emit(tr, t, ps, fmt.Sprintf("PASS NEW [%s]:%d", ip, port))
	return t.Add(h.sec(0.001, 0.01))
}

func (h *mxLog) dnsblFail(at time.Time, ip string) {
	p := strings.Split(ip, ".")
	for _, l := range []string{"zen.spamhaus.org", "b.barracudacentral.org", "bl.spamcop.net", "psbl.surriel.com"} {
		q := p[3] + "." + p[2] + "." + p[1] + "." + p[0] + "." + l
		h.emit(incident(mxIncDNS), at.Add(h.sec(0, 0.01)), h.pf("dnsblog", at), fmt.Sprintf("warning: dnsblog_query: lookup error for DNS query %s: Host or domain name not found. Name service error for name=%s type=A: Host not found, try again", q, q))
	}
}

// milterConnect logs smtpd's failure to reach rspamd at a connection while it is down.
func (h *mxLog) milterConnect(at time.Time, proc, client string) bool {
	if !h.milterDown(at) {
		return false
	}
	tr := incident(mxIncMilter)
	h.emit(tr, at.Add(h.sec(0.0005, 0.002)), proc, mxMilter)
	h.emit(tr, at.Add(h.sec(0.002, 0.004)), proc, "NOQUEUE: milter-reject: CONNECT from "+client+": "+mxTempfai+"; proto=SMTP")
	return true
}

// smtpdIn is smtpd's side of an inbound session that postscreen handed over.
func (h *mxLog) smtpdIn(t time.Time, port int, in mxIn) {
	s, tr := in.s, in.tr
	sd := h.pf("smtpd", t)
	dns := h.dnsDown(t)
	itr := mxIf(dns, incident(mxIncDNS), tr)
	client, ctr := "unknown["+s.ip+"]", tr
	if s.host != "" && !s.badrdns {
		if dns {
			ctr = itr
		} else {
			client = s.host + "[" + s.ip + "]"
		}
	}
	if s.host != "" && s.badrdns && !dns {
		h.emit(tr, t, sd, fmt.Sprintf("warning: hostname %s does not resolve to address %s: Name or service not known", s.host, s.ip))
	}
	h.emit(ctr, t, sd, "connect from "+client)
	mil := h.milterConnect(t, sd, client)
	if mil {
		itr, ctr = incident(mxIncMilter), incident(mxIncMilter)
	}
	var c mxCmds
	t = t.Add(h.sec(0.05, 0.4))
	c.add(mxIf(s.tls, "ehlo=2 starttls=1", "ehlo=1"))
	if s.tls {
		h.emit(tr, t, sd, "Anonymous TLS connection established from "+client+": "+s.cipher)
	}
	t = t.Add(h.sec(0.02, 0.2))
	rcptAddrs := append([]string(nil), in.bad...)
	for _, r := range in.rcpts {
		rcptAddrs = append(rcptAddrs, mxIf(r.orig != "", r.orig, r.addr))
	}
	reject := func(tr truth, code string, addrs []string) {
		for _, a := range addrs {
			h.emit(tr, t, sd, fmt.Sprintf("NOQUEUE: reject: RCPT from %s: %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>", client, strings.ReplaceAll(code, "{rcpt}", a), s.from, a, s.helo))
			t = t.Add(h.sec(0.01, 0.1))
		}
	}
	rejectAll := func(tr truth, code string) {
		reject(tr, code, rcptAddrs)
		c.add(fmt.Sprintf("mail=1 rcpt=0/%d quit=1", len(rcptAddrs)))
		h.emit(tr, t, sd, "disconnect from "+client+c.String())
	}
	if mil {
		h.emit(itr, t, sd, fmt.Sprintf("NOQUEUE: milter-reject: MAIL from %s: %s; from=<%s> proto=ESMTP helo=<%s>", client, mxTempfai, s.from, s.helo))
		c.add("mail=0/1 quit=1")
		h.emit(itr, t.Add(h.sec(0.01, 0.1)), sd, "disconnect from "+client+c.String())
		return
	}
	if in.fate == mxPipe && !dns {
		h.emit(tr, t, sd, fmt.Sprintf("improper command pipelining after EHLO from %s: MAIL FROM:<%s>\\r\\nRCPT TO:<%s>\\r\\nDATA\\r\\n", client, s.from, rcptAddrs[0]))
	}
	if code := []string{"", fmt.Sprintf("450 4.7.1 Client host rejected: cannot find your reverse hostname, [%s]", s.ip), fmt.Sprintf("504 5.5.2 <%s>: Helo command rejected: need fully-qualified hostname", s.helo), mxUnknown}[in.fate]; dns || code != "" {
		rejectAll(itr, mxIf(dns, fmt.Sprintf("450 4.1.8 <%s>: Sender address rejected: Domain not found", s.from), code))
		return
	}
	reject(tr, mxUnknown, in.bad)
	qid := h.qid(t)
	h.emit(ctr, t, sd, qid+": client="+client)
	c.add(fmt.Sprintf("mail=1 rcpt=%d/%d", len(in.rcpts), len(rcptAddrs)))
	size := int(mxIf(s.spam, h.g.lognormal(9000, 0.7), math.Min(h.g.lognormal(24000, 1.1), 28e6)))
	t = t.Add(mxD(0.05 + float64(size)/h.f(1e6, 6e6)))
	m := &mxMsg{qid: qid, from: s.from, msgid: s.msgid, size: size, nrcpt: len(in.rcpts), queued: t, tr: tr, junk: in.act == "add header"}
	cl := h.pf("cleanup", t)
	h.emit(tr, t, cl, qid+": message-id=<"+m.msgid+">")
	if s.dkim != "" {
		h.emit(tr, t.Add(h.sec(0.01, 0.2)), mxDKIM, qid+": "+mxIf(h.g.chance(0.03), "bad signature data", "DKIM verification successful"))
	}
	ts := t.Add(mxD(h.g.lognormal(0.25, 0.6)))
	h.rspamd(tr, ts, m, s.ip, "", in.rcpts, in.act, in.score, in.syms)
	t = ts.Add(h.sec(0.002, 0.02))
	dat := mxIf(s.bdat, "bdat", "data")
	if in.act == "reject" || in.act == "greylist" {
		why := mxIf(in.act == "greylist", "4.7.1 Try again later", "5.7.1 Spam message rejected")
		h.emit(tr, t, cl, fmt.Sprintf("%s: milter-reject: END-OF-MESSAGE from %s: %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>", qid, client, why, s.from, rcptAddrs[len(in.bad)], s.helo))
		c.add(dat + "=0/1 quit=1")
	} else {
		c.add(dat + "=1 quit=1")
		h.run(m, in.rcpts, t.Add(h.sec(0.001, 0.01)), 0)
	}
	h.emit(ctr, t.Add(h.sec(0.005, 0.2)), sd, "disconnect from "+client+c.String())
}

// spamConn is a botnet connection postscreen turns away.
func (h *mxLog) spamConn(at time.Time) {
	g := h.g
	ip, port := g.publicIP(), h.port()
	ps := h.pf("postscreen", at)
	cl := fmt.Sprintf("[%s]:%d", ip, port)
	h.emit(routine, at, ps, fmt.Sprintf("CONNECT from %s to [%s]:25", cl, mxAddr))
	helo := pick(g, []string{"User", "ylmf-pc", "WIN-" + strings.ToUpper(g.alnum(11)), "mail.example.com", "localhost", "[" + ip + "]"})
	from := h.person() + "@" + pick(g, []string{"mail.ru", "qq.com", "outlook.com", g.alnum(8) + ".top", g.alnum(6) + ".shop", "gmail.com"})
	to := h.pickFrom(h.regular, at).addr
	reject := fmt.Sprintf("; from=<%s>, to=<%s>, proto=ESMTP, helo=<%s>", from, to, helo)
	t := at
	switch x := g.rng.Float64(); {
	case x < 0.62 && h.dnsDown(at):
		tr := incident(mxIncDNS)
		h.dnsblFail(at.Add(h.sec(0.01, 0.1)), ip)
		t = at.Add(h.sec(5.9, 6.1))
		h.emit(tr, t, ps, "PASS NEW "+cl)
		s := mxSender{ip: ip, helo: helo, from: from, msgid: h.msgid(mxMuaSpam, "localhost", at), spam: true, asn: "asn:0, ipnet:0.0.0.0/0, country:XX"}
		in := mxIn{s: s, rcpts: []mxRcpt{h.rcptFor(to)}, tr: tr, act: "reject", score: h.f(15, 30)}
		in.syms = h.inSyms(&in)
		h.smtpdIn(t.Add(h.sec(0.001, 0.01)), port, in)
		return
	case x < 0.62:
		rank := 0
		for i, l := range []string{"zen.spamhaus.org", "b.barracudacentral.org", "bl.spamcop.net", "psbl.surriel.com"} {
			if g.chance([]float64{0.85, 0.5, 0.3, 0.35}[i]) || i == 0 && rank == 0 && g.chance(0.8) {
				rank += []int{3, 2, 2, 1}[i]
				h.emit(routine, at.Add(h.sec(0.02, 0.3)), h.pf("dnsblog", at), fmt.Sprintf("addr %s listed by domain %s as 127.0.0.%d", ip, l, mxIf(i == 0, pick(g, []int{2, 3, 4, 4, 4, 9, 11}), 2)))
			}
		}
		t = at.Add(h.sec(0.4, 6))
		h.emit(routine, t, ps, fmt.Sprintf("DNSBL rank %d for %s", max(rank, 1), cl))
		if g.chance(0.7) {
			t = t.Add(h.sec(0.5, 3))
			h.emit(routine, t, ps, fmt.Sprintf("NOQUEUE: reject: RCPT from %s: 550 5.7.1 Service unavailable; client [%s] blocked using zen.spamhaus.org%s", cl, ip, reject))
		}
	case x < 0.77:
		t = at.Add(h.sec(0.05, 0.6))
		h.emit(routine, t, ps, fmt.Sprintf("PREGREET %d after %.2f from %s: EHLO %s\\r\\n", len(helo)+7, t.Sub(at).Seconds(), cl, helo))
		t = t.Add(h.sec(5.5, 6.5))
		h.emit(routine, t, ps, fmt.Sprintf("NOQUEUE: reject: RCPT from %s: 550 5.5.1 Protocol error%s", cl, reject))
	case x < 0.93:
		t = at.Add(h.sec(0.1, 5.5))
		h.emit(routine, t, ps, fmt.Sprintf("HANGUP after %.1f from %s in tests before SMTP handshake", t.Sub(at).Seconds(), cl))
	case x < 0.97:
		t = at.Add(h.sec(0.05, 0.5))
		h.emit(routine, t, ps, fmt.Sprintf("NON-SMTP COMMAND from %s after CONNECT: %s", cl, pick(g, []string{"GET / HTTP/1.1", "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03", "CONNECT www.google.com:443 HTTP/1.1"})))
	default:
		t = at.Add(h.sec(6, 6.2))
		h.emit(routine, t, ps, fmt.Sprintf("COMMAND PIPELINING from %s after EHLO: MAIL FROM:<%s>\\r\\n", cl, from))
	}
	h.emit(routine, t.Add(h.sec(0, 0.8)), ps, "DISCONNECT "+cl)
}

// spamPassed is junk that gets past postscreen.
func (h *mxLog) spamPassed(at time.Time) {
	g := h.g
	ip := g.publicIP()
	s := mxSender{ip: ip, helo: pick(g, []string{"WIN-" + strings.ToUpper(g.alnum(11)), "mail." + g.alnum(7) + ".com", "smtp." + g.alnum(6) + ".net", g.alnum(9)}),
		from: pick(g, []string{"info", "support", "noreply", "billing", h.person()}) + "@" + pick(g, []string{g.alnum(8) + ".com", g.alnum(7) + ".info", "paypal-secure." + g.alnum(5) + ".xyz", g.alnum(6) + ".click"}),
		spam: true, tls: g.chance(0.45), cipher: mxTLS12, asn: fmt.Sprintf("asn:%d, ipnet:%s.0/20, country:%s", g.between(9000, 210000), mxNet(ip), pick(g, []string{"RU", "CN", "VN", "BR", "US", "NL", "IN"}))}
	s.msgid = h.msgid(mxMuaSpam, mxDomain(s.from), at)
	if g.chance(0.35) {
		s.host = fmt.Sprintf("static.%s.clients.%s.example", ip, pick(g, []string{"vps-cloud", "hostkey", "serverion", "zhost"}))
		s.badrdns = g.chance(0.3)
	}
	in := mxIn{s: s, tr: routine}
	for i, n := 0, g.between(1, 3); i < n; i++ {
		u := h.pickFrom(h.regular, at)
		if i > 0 && g.chance(0.5) {
			in.bad = append(in.bad, pick(g, mxFirst)+"@"+u.dom)
		} else {
			in.rcpts = append(in.rcpts, mxRcpt{addr: u.addr, user: u})
		}
	}
	x := g.rng.Float64()
	in.fate = mxIf(x < 0.25 && s.host == "", mxRejRDNS, mxIf(x < 0.35 && !strings.Contains(s.helo, "."), mxRejHelo, mxIf(x < 0.4, mxPipe, mxAccept)))
	in.act = mxIf(x < 0.65, "reject", mxIf(x < 0.85, "add header", "greylist"))
	in.score = map[string]float64{"reject": h.f(15, 38), "add header": h.f(6.5, 14.5), "greylist": h.f(4, 5.9)}[in.act]
	in.syms = h.inSyms(&in)
	port := h.port()
	h.smtpdIn(h.screen(at, ip, port, false, routine), port, in)
}

// --- rspamd ---------------------------------------------------------------------------

// symList writes rspamd's symbols, sorted, with the Bayes or neural share that makes
// them add up to the score.
func (h *mxLog) symList(target float64, syms []mxSym) string {
	sum := 0.0
	for _, s := range syms {
		sum += s.w
	}
	switch rest := round(target-sum, 2); {
	case rest < -0.005:
		syms = append(syms, mxSym{"BAYES_HAM", rest, fmt.Sprintf("%.2f%%;", h.f(92, 100))})
	case rest > 2:
		syms = append(syms, mxSym{"BAYES_SPAM", rest, fmt.Sprintf("%.2f%%;", h.f(90, 100))})
	case rest > 0.005:
		syms = append(syms, mxSym{"NEURAL_SPAM", rest, fmt.Sprintf("%.2f;", h.f(0.3, 0.9))})
	}
	sort.Slice(syms, func(i, j int) bool { return syms[i].name < syms[j].name })
	parts := make([]string, len(syms))
	for i, s := range syms {
		parts[i] = fmt.Sprintf("%s(%.2f){%s}", s.name, s.w, s.opt)
	}
	return strings.Join(parts, ",")
}

func (h *mxLog) inSyms(in *mxIn) string {
	s, g := in.s, h.g
	dom := mxDomain(s.from)
	syms := []mxSym{{"ARC_NA", 0, ""}, {"ASN", 0, s.asn + ";"}, {"FROM_HAS_DN", 0, ""}, {"RCPT_COUNT_ONE", 0, "1;"}}
	if len(in.rcpts) > 1 {
		syms[3] = mxSym{"RCPT_COUNT_THREE", 0, strconv.Itoa(len(in.rcpts)) + ";"}
	}
	if s.tls {
		syms = append(syms, mxSym{"RCVD_TLS_LAST", 0, ""})
	}
	if s.spam {
		syms = append(syms, mxSym{"R_SPF_SOFTFAIL", 0, "~all:c;"}, mxSym{"MIME_HTML_ONLY", 0.2, ""}, mxSym{"DMARC_POLICY_SOFTFAIL", 0.1, dom + " : No valid SPF, No valid DKIM,none;"})
		if s.host == "" {
			syms = append(syms, mxSym{"RDNS_NONE", 2, ""}, mxSym{"HFILTER_HOSTNAME_UNKNOWN", 2.5, ""})
		}
		if in.score > 14 {
			syms = append(syms, pick(g, []mxSym{{"ABUSE_SURBL", 5.5, g.alnum(8) + ".top:url;"}, {"FUZZY_DENIED", 12, "1:" + g.hex(10) + ":1.00:txt;"}, {"PHISHING", 4.5, "paypal.com->" + g.alnum(7) + ".click;"}}))
		}
		return h.symList(in.score, syms)
	}
	if s.dkim != "" {
		syms = append(syms, mxSym{"R_DKIM_ALLOW", -0.2, s.dkim + ":s=" + s.sel + ";"}, mxSym{"DKIM_TRACE", 0, s.dkim + ":+;"}, mxSym{"DMARC_POLICY_ALLOW", -0.5, dom + ";" + pick(g, []string{"none", "quarantine", "reject"}) + ";"})
	} else {
		syms = append(syms, mxSym{"R_DKIM_NA", 0, ""}, mxSym{"DMARC_NA", 0, dom + ";"})
	}
	syms = append(syms, mxSym{"R_SPF_ALLOW", -0.2, "+ip4:" + mxNet(s.ip) + ".0/24;"}, mxSym{"MIME_GOOD", -0.1, pick(g, []string{"text/plain;", "multipart/alternative;text/plain;", "multipart/mixed;multipart/alternative;text/plain;"})})
	if s.free {
		syms = append(syms, mxSym{"FREEMAIL_FROM", 0, dom + ";"}, mxSym{"FREEMAIL_ENVFROM", 0, dom + ";"})
	}
	if s.bulk {
		syms = append(syms, mxSym{"HAS_LIST_UNSUB", -0.01, ""}, mxSym{"FORGED_SENDER", 0.3, ""})
	}
	return h.symList(in.score, syms)
}

func (h *mxLog) outSyms(s *mxSub, nrcpt int, score float64) string {
	syms := []mxSym{{"ARC_NA", 0, ""}, {"FROM_EQ_ENVFROM", 0, ""}, {"MID_RHS_MATCH_FROM", 0, ""}, {"RCVD_COUNT_ZERO", 0, "0;"}, {"MIME_GOOD", -0.1, "multipart/alternative;text/plain;"},
		{mxIf(nrcpt == 1, "RCPT_COUNT_ONE", mxIf(nrcpt < 12, "RCPT_COUNT_FIVE", "RCPT_COUNT_TWELVE")), 0, strconv.Itoa(nrcpt) + ";"}}
	if s.news {
		syms = append(syms, mxSym{"HAS_LIST_UNSUB", -0.01, ""}, mxSym{"HAS_PHPMAILER_SIG", 0, ""}, mxSym{"MANY_INVISIBLE_PARTS", 0.1, "2;"})
	}
	if s.spam {
		syms = append(syms, mxSym{"TO_DN_NONE", 0, ""}, mxSym{"MIME_HTML_ONLY", 0.2, ""}, mxSym{"R_SUSPICIOUS_URL", 5, h.g.alnum(9) + ".shop;"}, mxSym{"HAS_X_POS", 0, ""})
	}
	return h.symList(score, syms)
}

func (h *mxLog) rspamd(tr truth, at time.Time, m *mxMsg, ip, user string, rc []mxRcpt, act string, score float64, syms string) {
	pid := pick(h.g, mxIf(at.Before(h.milFrom), h.rsOld, h.rsNew))
	addrs := make([]string, len(rc))
	for i, r := range rc {
		addrs[i] = mxIf(r.orig != "", r.orig, r.addr)
	}
	h.emit(tr, at, fmt.Sprintf("rspamd[%d]", pid), fmt.Sprintf("<%s>; proxy; rspamd_task_write_log: id: <%s>, qid: <%s>, ip: %s, %sfrom: <%s>, (default: %s (%s): [%.2f/15.00] [%s]), len: %d, time: %.3fms, dns req: %d, digest: <%s>, rcpts: <%s>, mime_rcpts: <%s>",
		h.g.hex(6), m.msgid, m.qid, ip, mxIf(user != "", "user: "+user+", ", ""), m.from, mxIf(act == "reject" || act == "add header", "T", "F"), act, round(score, 2)+0, syms,
		m.size, h.g.lognormal(180, 0.5), h.g.between(4, 40), h.g.hex(32), strings.Join(addrs, ","), mxIf(m.spam, "", addrs[0])))
}

// --- submission -----------------------------------------------------------------------

// customerMail is a customer's mail client sending a message or two through submission.
func (h *mxLog) customerMail(at time.Time, u *mxUser) {
	g := h.g
	x := g.rng.Float64()
	ip := mxIf(x > 0.9, u.mobile, mxIf(x > 0.7, u.home, u.office))
	var same []*mxUser
	for _, v := range h.users {
		if v.dom == u.dom && v != u && !v.noLogin {
			same = append(same, v)
		}
	}
	var msgs [][]mxRcpt
	for k, n := 0, mxIf(g.chance(0.1), 2, 1); k < n; k++ {
		y := g.rng.Float64()
		var rc []mxRcpt
		seen := map[string]bool{}
		for i, cnt := 0, mxIf(y > 0.94, g.between(5, 12), mxIf(y > 0.7, g.between(2, 4), 1)); i < cnt; i++ {
			r := h.remoteRcpt(func(r *mxRemote) float64 { return r.weight }, 0.008)
			if g.chance(0.28) {
				v := h.pickFrom(mxIf(g.chance(0.7) && len(same) > 0, same, h.regular), h.end)
				r = mxRcpt{addr: v.addr, user: v}
			}
			if !seen[r.addr] {
				seen[r.addr] = true
				rc = append(rc, r)
			}
		}
		msgs = append(msgs, rc)
	}
	h.submission(at, mxSub{user: u, ip: ip, port: mxIf(g.chance(0.2), 465, 587), method: mxIf(u.mua == mxMuaOutlook, "LOGIN", "PLAIN"), mua: u.mua, tr: u.tr, msgs: msgs, gap: 3, helo: u.helo})
}

// submission is an authenticated session on 587 or 465; it returns when it ended.
func (h *mxLog) submission(at time.Time, s mxSub) time.Time {
	proc := h.pf(mxIf(s.port == 465, "smtps/smtpd", "submission/smtpd"), at)
	client, changed := h.client(s.ip, at)
	tr := s.tr
	ctr := mxIf(changed, merge(tr, incident(mxIncDNS)), tr)
	h.emit(ctr, at, proc, "connect from "+client)
	mil := h.milterConnect(at, proc, client)
	var c mxCmds
	t := at.Add(h.sec(0.03, 0.3))
	h.emit(ctr, t, proc, "Anonymous TLS connection established from "+client+": "+mxIf(s.mua == mxMuaApple, mxTLS13s, mxTLS13))
	if mil {
		ctr = merge(tr, incident(mxIncMilter))
	}
	c.add(mxIf(s.port == 587, "ehlo=2 starttls=1 auth=1", "ehlo=1 auth=1"))
	if mil {
		t = t.Add(h.sec(0.1, 0.4))
		h.emit(ctr, t, proc, fmt.Sprintf("NOQUEUE: milter-reject: MAIL from %s: %s; from=<%s> proto=ESMTP helo=<%s>", client, mxTempfai, s.user.addr, s.helo))
		c.add("mail=0/1 quit=1")
		t = t.Add(h.sec(0.01, 0.1))
		h.emit(ctr, t, proc, "disconnect from "+client+c.String())
		if back := t.Add(h.sec(60, 180)); !s.news && h.milterDown(back) {
			h.submission(back, s) // the client tries again
		}
		return t
	}
	for i, rc := range s.msgs {
		t = t.Add(mxD(mxIf(i > 0, s.gap*h.f(0.5, 1.5), 0)) + h.sec(0.05, 0.25))
		qid := h.qid(t)
		h.emit(ctr, t, proc, fmt.Sprintf("%s: client=%s, sasl_method=%s, sasl_username=%s", qid, client, s.method, s.user.addr))
		c.add(fmt.Sprintf("mail=1 rcpt=%d data=1", len(rc)))
		size := int(math.Min(h.g.lognormal(30000, 1.2), 24e6))
		switch {
		case s.news:
			size = int(h.g.lognormal(46000, 0.08))
		case s.spam:
			size = int(h.g.lognormal(6500, 0.2)) + 40*len(rc)
		}
		t = t.Add(mxD(0.03 + float64(size)/h.f(5e5, 4e6)))
		m := &mxMsg{qid: qid, from: s.user.addr, msgid: h.msgid(s.mua, s.user.dom, t), size: size, nrcpt: len(rc), queued: t, tr: tr, spam: s.spam, news: s.news}
		h.emit(tr, t, h.pf("cleanup", t), qid+": message-id=<"+m.msgid+">")
		h.emit(tr, t.Add(h.sec(0.005, 0.03)), mxDKIM, fmt.Sprintf("%s: DKIM-Signature field added (s=%s, d=%s)", qid, h.sel[s.user.dom], s.user.dom))
		act, score := mxIf(s.spam, "add header", "no action"), mxIf(s.spam, h.f(6.2, 9.5), h.f(-0.8, 0.9))
		ts := t.Add(mxD(h.g.lognormal(0.2, 0.5)))
		h.rspamd(tr, ts, m, s.ip, s.user.addr, rc, act, score, h.outSyms(&s, len(rc), score))
		t = ts.Add(h.sec(0.003, 0.02))
		h.run(m, rc, t.Add(h.sec(0.001, 0.01)), 0)
	}
	c.add("quit=1")
	t = t.Add(h.sec(0.02, 0.2))
	h.emit(ctr, t, proc, "disconnect from "+client+c.String())
	return t
}

// --- the queue: delivery, deferral, bounces -------------------------------------------

// run is one pass of the queue manager over a message's pending recipients at at.
func (h *mxLog) run(m *mxMsg, rc []mxRcpt, at time.Time, try int) {
	if m.spam && !at.Before(h.accPurge) {
		h.purged = append(h.purged, m.qid)
		return
	}
	if !at.Before(h.end) {
		return
	}
	h.emit(m.tr, at, h.pf("qmgr", at), fmt.Sprintf("%s: from=<%s>, size=%d, nrcpt=%d (queue active)", m.qid, m.from, m.size, m.nrcpt))
	var groups [][]mxRcpt // by remote domain, the hosted mailboxes (rem nil) last
	for _, r := range rc {
		if i := slices.IndexFunc(groups, func(g []mxRcpt) bool { return g[0].rem == r.rem }); i >= 0 {
			groups[i] = append(groups[i], r)
		} else {
			groups = append(groups, []mxRcpt{r})
		}
	}
	slices.SortStableFunc(groups, func(a, b []mxRcpt) int { return mxIf(a[0].rem == nil, 1, 0) - mxIf(b[0].rem == nil, 1, 0) })
	done, after, btr := at, m.tr, m.tr
	var retry []mxRcpt
	bounced := false
	note := func(end time.Time, re []mxRcpt, bo bool, tr truth) {
		retry, after = append(retry, re...), merge(after, tr)
		if bo {
			bounced, btr = true, merge(btr, tr)
		}
		if end.After(done) {
			done = end
		}
	}
	for _, grp := range groups {
		if grp[0].rem == nil {
			note(h.lmtp(m, grp, at))
		} else {
			note(h.smtp(m, grp, at, try))
		}
	}
	m.tr = after
	if bounced {
		done = done.Add(h.sec(0.005, 0.05))
		h.ndr(m, done, btr)
	}
	if len(retry) > 0 {
		back := math.Min(300*math.Pow(2, float64(try)), 4000) + h.f(0, 300)
		h.run(m, retry, done.Add(mxD(back)), try+1)
		return
	}
	h.emit(m.tr, done.Add(h.sec(0.001, 0.02)), h.pf("qmgr", done), m.qid+": removed")
}

// smtp delivers a message to one remote domain's recipients over one connection.
func (h *mxLog) smtp(m *mxMsg, grp []mxRcpt, at time.Time, try int) (time.Time, []mxRcpt, bool, truth) {
	rem := grp[0].rem
	o := h.outcome(m, rem, at, try)
	tr := merge(m.tr, o.tr)
	b := h.f(0.001, 0.03) + mxIf(try > 0, h.f(0, 0.1), 0)
	a := at.Sub(m.queued).Seconds() + h.f(0.01, 0.08)
	proc := h.pf("smtp", at)
	if o.qmgr {
		proc, o.c, o.d = h.pf("qmgr", at), 0, 0
	}
	t := at.Add(mxD(b + o.c + o.d))
	if o.connected && o.tls != "" && h.g.chance(0.7) {
		h.emit(tr, at.Add(mxD(b+o.c*0.9)), proc, o.tls)
	}
	var retry []mxRcpt
	bounced := false
	for _, r := range grp {
		st, dsn, text := o.st, o.dsn, o.text
		if st == 0 && r.bad {
			st, dsn, text = 2, "5.1.1", h.unknownText(rem, o, r.addr, at)
		}
		if st == 1 {
			retry = append(retry, r)
		}
		bounced = bounced || st == 2
		h.emit(tr, t, proc, fmt.Sprintf("%s: to=<%s>%s, relay=%s, delay=%s, delays=%s/%s/%s/%s, dsn=%s, status=%s (%s)", m.qid, r.addr, mxIf(r.orig != "", ", orig_to=<"+r.orig+">", ""), o.relay,
			mxDl(a+b+o.c+o.d), mxDl(a), mxDl(b), mxDl(o.c), mxDl(o.d), dsn, mxStatus[st], strings.ReplaceAll(text, "{rcpt}", r.addr)))
	}
	return t, retry, bounced, tr
}

func (h *mxLog) exoHost() string {
	return fmt.Sprintf("%s%s.eurprd%02d.prod.outlook.com", pick(h.g, []string{"AM4PEPF0002", "DB1PEPF0005", "AMS0EPF0001", "DU2PEPF0001", "AM3PEPF0000"}), strings.ToUpper(h.g.hex(4)), h.g.between(1, 9))
}

func (h *mxLog) exoStamp(at time.Time) string {
	return h.exoHost() + " " + at.Format("2006-01-02T15:04:05.000Z") + " 08DCEC" + strings.ToUpper(h.g.hex(10))
}

func (h *mxLog) gmxRef() string { return "1" + h.b62(5) + "-1" + h.b62(10) + "-00" + h.b62(4) }

func (h *mxLog) gsmtp() string {
	return fmt.Sprintf("%s-%ssi%d%s.%d - gsmtp", h.g.hex(13), h.g.hex(11), h.g.between(1000000, 9999999), h.g.hex(2), h.g.between(1, 999))
}

// outcome is how a remote domain's server treats a delivery attempt.
func (h *mxLog) outcome(m *mxMsg, r *mxRemote, at time.Time, try int) mxOut {
	g := h.g
	i := g.intn(len(r.mxs))
	o := mxOut{dsn: "2.0.0", host: r.mxs[i], ip: r.ips[i], c: g.lognormal(0.22, 0.5), d: g.lognormal(0.25+float64(m.size)/3e6, 0.45), connected: true}
	o.relay = fmt.Sprintf("%s[%s]:25", o.host, o.ip)
	hp := o.host + "[" + o.ip + "]"
	o.tls = h.tlsOut(r, hp)
	res := func(st int, dsn, text string) mxOut { o.st, o.dsn, o.text = st, dsn, text; return o }
	since := at.Sub(h.accFrom).Minutes()
	switch {
	case h.dnsDown(at):
		o.tr = incident(mxIncDNS)
		o.relay, o.c, o.d, o.connected = "none", g.lognormal(0.02, 0.5), 0, false
		return res(1, "4.4.3", fmt.Sprintf("Host or domain name not found. Name service error for name=%s type=MX: Host not found, try again", r.dom))
	case h.blocked(r.class, at):
		o.tr, o.d = incident(mxIncBlock), 0
		switch r.class {
		case mxMSFT:
			return res(2, "5.7.1", fmt.Sprintf("host %s said: 550 5.7.1 Unfortunately, messages from [%s] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [%s] (in reply to MAIL FROM command)", hp, mxAddr, h.exoStamp(at)))
		case mxO365:
			return res(2, "5.7.606", fmt.Sprintf("host %s said: 550 5.7.606 Access denied, banned sending IP [%s]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to  http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) [%s] (in reply to MAIL FROM command)", hp, mxAddr, h.exoStamp(at)))
		case mxBizSH:
			return res(2, "5.7.1", fmt.Sprintf("host %s said: 554 5.7.1 Service unavailable; Client host [%s] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/%s (in reply to RCPT TO command)", hp, mxAddr, mxAddr))
		}
		text := fmt.Sprintf("host %s refused to talk to me: 554 IP=%s - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.)", hp, mxAddr)
		if r.class == mxGMX {
			text = fmt.Sprintf("host %s refused to talk to me: 554-%s%03d) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=bl&i=ip&v=%s&r=%s", hp, mxIf(r.dom == "web.de", "web.de (mxweb", "gmx.net (mxgmx"), g.between(1, 130), mxAddr, h.gmxRef())
		}
		o.connected, o.c = false, g.lognormal(0.3, 0.4)
		if try > 0 && g.chance(0.5) {
			o.qmgr, o.relay = true, "none"
			text = "delivery temporarily suspended: " + text
		}
		return res(1, "4.7.1", text)
	case m.spam && r.class == mxGoogle && since > 5 && g.chance(0.7):
		return res(1, "4.7.28", fmt.Sprintf("host %s said: 421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating 421-4.7.28 from your IP address. To protect our users from spam, mail sent 421-4.7.28 from your IP address has been temporarily rate limited. For more 421-4.7.28 information, go to 421-4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError 421 4.7.28  To learn more about Gmail requirements for bulk senders, visit 421 4.7.28  https://support.google.com/a/answer/81126. %s (in reply to end of DATA command)", hp, h.gsmtp()))
	case m.spam && r.class == mxGoogle && since > 2 && g.chance(0.4):
		return res(2, "5.7.1", fmt.Sprintf("host %s said: 550-5.7.1 [%s      12] Gmail has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been blocked. For more information, go to 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError %s (in reply to end of DATA command)", hp, mxAddr, h.gsmtp()))
	case m.spam && r.class == mxYahoo && since > 3:
		return res(1, "4.7.0", fmt.Sprintf("host %s said: 421 4.7.0 [TSS04] Messages from %s temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)", hp, mxAddr))
	case m.spam && (r.class == mxMSFT || r.class == mxO365) && since > 8 && g.chance(0.5):
		return res(1, "4.7.650", fmt.Sprintf("host %s said: 451 4.7.650 The mail server [%s] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775) [%s] (in reply to MAIL FROM command)", hp, mxAddr, h.exoStamp(at)))
	case m.spam && r.class == mxGMX && g.chance(0.35):
		return res(2, "5.0.0", fmt.Sprintf("host %s said: 554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.gmx.net/en/case?c=hi&i=ip&v=%s&r=%s (in reply to end of DATA command)", hp, mxAddr, h.gmxRef()))
	case m.spam:
	case m.news && r.class == mxGMX && g.chance(0.09):
		return res(1, "4.7.0", fmt.Sprintf("host %s said: 421-gmx.net (mxgmx%03d) Nemesis ESMTP Service not available 421-Service unavailable 421-Reject due to policy restrictions. 421 For explanation visit https://postmaster.gmx.net/en/case?c=r0701&i=ip&v=%s&r=%s (in reply to MAIL FROM command)", hp, g.between(1, 130), mxAddr, h.gmxRef()))
	case r.flaky > 0 && g.chance(r.flaky):
		o.d, o.connected = 0, false
		if g.chance(0.7) {
			o.relay, o.c = "none", 30+h.f(0, 0.05)
			return res(1, "4.4.1", fmt.Sprintf("connect to %s:25: Connection timed out", hp))
		}
		o.c = h.f(5, 300)
		return res(1, "4.4.2", fmt.Sprintf("lost connection with %s while receiving the initial server greeting", hp))
	case r.grey && try == 0:
		o.d = 0
		return res(1, "4.2.0", fmt.Sprintf("host %s said: 450 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/%s.html (in reply to RCPT TO command)", hp, r.dom))
	}
	o.text = h.okText(r, m, at)
	return o
}

func (h *mxLog) tlsOut(r *mxRemote, hp string) string {
	pre := "Trusted TLS connection established to " + hp + ":25: "
	switch {
	case r.class == mxGoogle:
		return pre + "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature ECDSA (P-256) server-digest SHA256"
	case r.class == mxMSFT || r.class == mxO365:
		return pre + mxTLS12
	case r.tls == 1:
		return pre + "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (4096 bits) server-digest SHA256"
	case r.tls == 2:
		return "Untrusted TLS connection established to " + hp + ":25: " + mxTLS12
	}
	return ""
}

func (h *mxLog) okText(r *mxRemote, m *mxMsg, at time.Time) string {
	g := h.g
	switch r.class {
	case mxGoogle:
		return fmt.Sprintf("250 2.0.0 OK  %d %s", at.Unix(), h.gsmtp())
	case mxMSFT, mxO365:
		secs := h.f(0.05, 0.4)
		box := fmt.Sprintf("%s%dPR%02dMB%04d.eurprd%02d.prod.outlook.com", pick(g, []string{"DB", "AM", "VI", "PA", "AS", "DU"}), g.between(1, 9), g.between(1, 10), g.between(1000, 9999), g.between(1, 9))
		return fmt.Sprintf("250 2.6.0 <%s> [InternalId=%d, Hostname=%s] %d bytes in %.3f, %.3f KB/sec Queued mail for delivery", m.msgid, g.between(1e9, 2e9)*1000+g.intn(1000), box, m.size+2400, secs, float64(m.size+2400)/1024/secs)
	case mxGMX:
		return "250 Requested mail action okay, completed: id=" + h.gmxRef()
	case mxTOnline:
		return fmt.Sprintf("250 2.0.0 Message accepted: 1t%s-%s", h.b62(4), h.b62(7))
	case mxYahoo:
		return "250 ok dirdel"
	case mxApple:
		return "250 2.0.0 Ok: queued as 4X" + h.b62(13)
	}
	return "250 2.0.0 Ok: queued as " + strings.ToUpper(g.hex(g.between(10, 11)))
}

func (h *mxLog) unknownText(r *mxRemote, o mxOut, addr string, at time.Time) string {
	said := "host " + o.host + "[" + o.ip + "] said: "
	switch r.class {
	case mxGoogle:
		return said + "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser " + h.gsmtp() + " (in reply to RCPT TO command)"
	case mxMSFT:
		return said + "550 5.5.0 Requested action not taken: mailbox unavailable (S2017) [" + h.exoStamp(at) + "] (in reply to RCPT TO command)"
	case mxO365:
		return said + "550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [" + h.exoStamp(at) + "] (in reply to RCPT TO command)"
	case mxGMX:
		return said + "550 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)"
	case mxYahoo:
		return said + fmt.Sprintf("554 delivery error: dd This user doesn't have a %s account (%s) [0] - mta%d.mail.gq1.yahoo.com (in reply to end of DATA command)", r.dom, addr, h.g.between(1000, 4999))
	case mxApple:
		return said + "550 5.1.1 <" + addr + ">: user does not exist (in reply to RCPT TO command)"
	}
	return said + strings.ReplaceAll(mxUnknown, "{rcpt}", addr) + " (in reply to RCPT TO command)"
}

// lmtp delivers a message to hosted mailboxes through Dovecot's LMTP socket.
func (h *mxLog) lmtp(m *mxMsg, rc []mxRcpt, at time.Time) (time.Time, []mxRcpt, bool, truth) {
	proc, tr := h.pf("lmtp", at), m.tr
	b := h.f(0.001, 0.02)
	a := at.Sub(m.queued).Seconds() + h.f(0.01, 0.3)
	if h.dovecotDown(at) {
		tr = merge(tr, h.dovecot)
		t := at.Add(mxD(b + 0.001))
		for _, r := range rc {
			h.emit(tr, t, proc, fmt.Sprintf("%s: to=<%s>, relay=none, delay=%s, delays=%s/%s/0/0, dsn=4.4.1, status=deferred (connect to %s[private/dovecot-lmtp]: No such file or directory)", m.qid, r.addr, mxDl(a+b), mxDl(a), mxDl(b), mxFQDN))
		}
		return t, rc, false, tr
	}
	c := h.f(0.001, 0.012)
	t0 := at.Add(mxD(b + c))
	dp := h.proc("dlmtp", at)
	h.dove(tr, t0, fmt.Sprintf("lmtp(%d): Connect from local", dp))
	t, bounced := t0, false
	line := func(r mxRcpt, t time.Time, rest string) {
		d := t.Sub(t0).Seconds() + 0.001
		h.emit(tr, t, proc, fmt.Sprintf("%s: to=<%s>%s, relay=%s, delay=%s, delays=%s/%s/%s/%s, %s", m.qid, r.addr, mxIf(r.orig != "", ", orig_to=<"+r.orig+">", ""), mxLMTP, mxDl(a+b+c+d), mxDl(a), mxDl(b), mxDl(c), mxDl(d), rest))
	}
	for _, r := range rc {
		if r.user.full {
			t = t.Add(h.sec(0.001, 0.004))
			line(r, t, fmt.Sprintf("dsn=5.2.2, status=bounced (host %s said: 552 5.2.2 <%s> Quota exceeded (mailbox for user is full) (in reply to RCPT TO command))", mxLMTP, r.addr))
			bounced = true
			continue
		}
		t = t.Add(mxD(h.g.lognormal(0.04, 0.6) + float64(m.size)/6e7))
		sid := h.b64(22)
		pre := fmt.Sprintf("lmtp(%s)<%d><%s>: ", r.addr, dp, sid)
		switch {
		case m.junk && (r.user.sieve || h.g.chance(0.8)):
			h.dove(tr, t, pre+"sieve: msgid=<"+m.msgid+">: stored mail into mailbox 'Junk'")
		case r.user.sieve:
			box := mxIf(m.from == "", "INBOX", pick(h.g, []string{"INBOX", "INBOX", "INBOX", "Rechnungen", "Newsletter", "Archiv/Praxis"}))
			h.dove(tr, t, pre+"sieve: msgid=<"+m.msgid+">: stored mail into mailbox '"+box+"'")
		default:
			h.dove(tr, t, pre+"msgid=<"+m.msgid+">: saved mail to INBOX")
		}
		line(r, t.Add(h.sec(0.0005, 0.002)), fmt.Sprintf("dsn=2.0.0, status=sent (250 2.0.0 <%s> %s Saved)", r.addr, sid))
	}
	t = t.Add(h.sec(0.002, 0.006))
	h.dove(tr, t, fmt.Sprintf("lmtp(%d): Disconnect from local: Client has quit the connection (state=READY)", dp))
	return t, nil, bounced, tr
}

// ndr sends the sender a non-delivery notification for the bounced recipients.
func (h *mxLog) ndr(m *mxMsg, at time.Time, tr truth) {
	if m.from == "" {
		return
	}
	q := h.qid(at)
	h.emit(tr, at, h.pf("bounce", at), fmt.Sprintf("%s: sender non-delivery notification: %s", m.qid, q))
	n := &mxMsg{qid: q, msgid: at.Format("20060102150405") + "." + q + "@" + mxFQDN, size: 2400 + min(m.size, 50000) + h.g.between(0, 900), nrcpt: 1, queued: at, tr: tr}
	h.emit(tr, at.Add(h.sec(0.001, 0.005)), h.pf("cleanup", at), q+": message-id=<"+n.msgid+">")
	h.run(n, []mxRcpt{h.rcptFor(m.from)}, at.Add(h.sec(0.005, 0.03)), 0)
}

// --- Dovecot sessions -----------------------------------------------------------------

func (h *mxLog) imapClient(at time.Time, u *mxUser) {
	g := h.g
	x, y := g.rng.Float64(), g.rng.Float64()
	dur := mxIf(y < 0.5, g.lognormal(1.2, 0.8), mxIf(y < 0.82, g.lognormal(75, 1.0), math.Min(g.lognormal(1000, 0.6), 7200)))
	h.imapSession(u.tr, u, at, mxIf(x > 0.8, u.mobile, mxIf(x > 0.55, u.home, u.office)), dur)
}

func (h *mxLog) imapIO(dur float64) string {
	g := h.g
	in := int(g.lognormal(180+dur*0.8, 0.7))
	hc, bc := g.intn(3+int(dur/60)), g.intn(2+int(dur/300))
	hb, bb := hc*g.between(400, 2200), bc*int(g.lognormal(30000, 1))
	out := 900 + hb + bb + int(g.lognormal(1500+dur*3, 0.8))
	del := mxIf(g.chance(0.15), g.between(1, 4), 0)
	return fmt.Sprintf("in=%d out=%d deleted=%d expunged=%d trashed=0 hdr_count=%d hdr_bytes=%d body_count=%d body_bytes=%d", in, out, del, mxIf(g.chance(0.8), del, 0), hc, hb, bc, bb)
}

func (h *mxLog) login(tr truth, at time.Time, svc, user, ip string) (pre string) {
	mpid, sid := h.pidAt(at), h.b64(16)
	h.dove(tr, at, fmt.Sprintf("%s-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=%s, mpid=%d, TLS, session=<%s>", svc, user, ip, mxAddr, mpid, sid))
	return fmt.Sprintf("%s(%s)<%d><%s>: ", svc, user, mpid, sid)
}

func (h *mxLog) imapSession(tr truth, u *mxUser, at time.Time, ip string, dur float64) {
	if h.dovecotDown(at) {
		return
	}
	pre := h.login(tr, at, "imap", u.addr, ip)
	end := at.Add(mxD(dur))
	if at.Before(h.dcDown) && end.After(h.dcDown) {
		h.dove(h.dovecot, h.dcDown.Add(h.sec(0.01, 0.6)), pre+"Disconnected: Server shutting down. "+h.imapIO(h.dcDown.Sub(at).Seconds()))
		x := h.g.rng.Float64()
		rt := h.dcUp.Add(mxD(mxIf(x < 0.7, h.g.lognormal(15, 0.8), mxIf(x < 0.95, h.f(60, 480), h.f(480, 1500)))))
		rest := end.Sub(rt).Seconds()
		h.imapSession(h.dovecot, u, rt, ip, mxIf(rest < 1, h.g.lognormal(60, 1), rest))
		return
	}
	io := h.imapIO(dur)
	why := fmt.Sprintf("Disconnected: Connection closed (IDLE running for %.3f + waiting input for %.3f secs, 2 B in + 10 B out, state=wait-input) %s", h.f(0.001, 0.004), h.f(20, math.Max(dur/4, 30)), io)
	switch {
	case dur < 400 || h.g.chance(0.2):
		why = "Disconnected: Logged out " + io
	case dur > 1800 && h.g.chance(0.4):
		why = "Disconnected: Inactivity - no input for 1800 secs " + io
	}
	h.dove(tr, end, pre+why)
}

func (h *mxLog) popSession(u *mxUser, at time.Time) {
	if h.dovecotDown(at) {
		return
	}
	pre := h.login(routine, at, "pop3", u.addr, u.office)
	n := mxIf(h.g.chance(0.6), 0, h.g.intn(3))
	bytes, kept := 0, h.g.between(0, 40)
	for i := 0; i < n; i++ {
		bytes += int(h.g.lognormal(20000, 1))
	}
	end := at.Add(h.sec(0.2, 1.5) + mxD(float64(bytes)/2e6))
	h.dove(routine, end, pre+fmt.Sprintf("Disconnected: Logged out top=0/0, retr=%d/%d, del=%d/%d, size=%d", n, bytes, n, n+kept, bytes+kept*21000))
}

func (h *mxLog) authLine(tr truth, at time.Time, user, ip, sid, why string) {
	h.dove(tr, at, fmt.Sprintf("auth-worker(%d): conn unix:auth-worker (pid=%d,uid=97): auth-worker<%d>: sql(%s,%s%s): %s", h.proc("auth-worker", at), h.proc("auth", at), h.g.between(1, 60), user, ip, mxIf(sid != "", ",<"+sid+">", ""), why))
}

// guess is a user name password guessers try, and whether it exists.
func (h *mxLog) guess() (string, bool) {
	u := pick(h.g, h.regular)
	if h.g.chance(0.35) {
		return u.addr, true
	}
	return pick(h.g, []string{"admin", "test", "info", "postmaster", "sales", "office", "webmaster", "contact", "user"}) + "@" + u.dom, false
}

func (h *mxLog) bot(t time.Time) string {
	return h.bots[(int(t.Sub(h.start).Minutes())/6*7+h.g.intn(10))%len(h.bots)]
}

// imapFail is a failed IMAP login: a botnet's guesses, or a customer's mistyped
// password (legit).
func (h *mxLog) imapFail(at time.Time, legit bool) {
	u := h.pickUser(at)
	ip, sid, tr, n, t := u.mobile, h.b64(16), u.tr, 1, at
	user, exists := u.addr, true
	if !legit {
		ip, tr, n = h.bot(at), routine, h.g.between(1, 3)
		user, exists = h.guess()
	}
	if h.dovecotDown(at) {
		return
	}
	for i := 0; i < n; i++ {
		t = t.Add(h.sec(0.3, 2.5))
		h.authLine(tr, t, user, ip, sid, mxIf(exists, "Password mismatch", "unknown user"))
	}
	t = t.Add(h.sec(0.5, 2))
	h.dove(tr, t, fmt.Sprintf("imap-login: Disconnected (auth failed, %d attempts in %d secs): user=<%s>, method=PLAIN, rip=%s, lip=%s, TLS, session=<%s>", n, int(t.Sub(at).Seconds()), user, ip, mxAddr, sid))
}

func (h *mxLog) dovecotNoise(at time.Time) {
	u := h.pickFrom(h.regular, at)
	pre := fmt.Sprintf("imap(%s)<%d><%s>: ", u.addr, h.pidAt(at.Add(-h.sec(5, 600))), h.b64(16))
	h.dove(routine, at, pre+mxIf(h.g.chance(0.6),
		fmt.Sprintf("Warning: Maildir /var/vmail/%s/%s/Maildir: Synchronization took %d seconds (%d new msgs, 0 flag change attempts, 0 expunge attempts)", u.dom, u.local, h.g.between(31, 75), h.g.between(0, 3)),
		fmt.Sprintf("Error: Mailbox INBOX: Corrupted index cache file /var/vmail/%s/%s/Maildir/dovecot.index.cache: Broken physical size for mail UID %d in mailbox INBOX", u.dom, u.local, h.g.between(200, 30000))))
}

// --- SMTP noise -----------------------------------------------------------------------

func (h *mxLog) saslFail(tr truth, at time.Time, ip string, port int, user, why string, tries int) {
	proc := h.pf(mxIf(port == 465, "smtps/smtpd", "submission/smtpd"), at)
	client := "unknown[" + ip + "]"
	h.emit(tr, at, proc, "connect from "+client)
	h.milterConnect(at, proc, client)
	var c mxCmds
	t := at.Add(h.sec(0.1, 0.6))
	h.emit(tr, t, proc, "Anonymous TLS connection established from "+client+": "+mxTLS12)
	c.add(mxIf(port == 587, "ehlo=2 starttls=1", "ehlo=1") + fmt.Sprintf(" auth=0/%d", tries))
	for i := 0; i < tries; i++ {
		t = t.Add(h.sec(0.3, 2))
		h.authLine(tr, t, user, ip, "", why)
		t = t.Add(h.sec(1.9, 2.2))
		h.emit(tr, t, proc, "warning: "+client+": SASL LOGIN authentication failed: UGFzc3dvcmQ6")
	}
	t = t.Add(h.sec(0.01, 0.5))
	h.emit(tr, t, proc, "lost connection after AUTH from "+client)
	h.emit(tr, t, proc, "disconnect from "+client+c.String())
}

// scanner is a TLS scanner on port 25 that gives up in the handshake.
func (h *mxLog) scanner(at time.Time) {
	g := h.g
	net := pick(g, []string{"167.94.138", "167.94.146", "162.142.125", "206.168.34", "198.235.24", "205.210.31"})
	ip := fmt.Sprintf("%s.%d", net, g.between(2, 254))
	host := mxIf(net[0] == '1' && net[1] == '6' || net[0] == '2' && net[2] == '6', fmt.Sprintf("scanner-%02d.ch1.censys-scanner.com", g.between(1, 40)), "unknown")
	port := h.port()
	t := h.screen(at, ip, port, g.chance(0.3), routine)
	sd := h.pf("smtpd", t)
	client := host + "[" + ip + "]"
	h.emit(routine, t, sd, "connect from "+client)
	h.milterConnect(t, sd, client)
	t = t.Add(h.sec(0.05, 0.4))
	if g.chance(0.7) {
		h.emit(routine, t, sd, "SSL_accept error from "+client+": -1")
		h.emit(routine, t, sd, "warning: TLS library problem: "+pick(g, []string{
			"error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1657:",
			"error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:",
			"error:0A00006C:SSL routines::bad key share:../ssl/statem/extensions_srvr.c:632:",
			"error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:650:"}))
	} else {
		h.emit(routine, t, sd, "SSL_accept error from "+client+": lost connection")
	}
	h.emit(routine, t, sd, "lost connection after STARTTLS from "+client)
	h.emit(routine, t, sd, "disconnect from "+client+" ehlo=1 starttls=0/1 commands=1/2")
}

// monitor is the monitoring host's SMTP and IMAP checks.
func (h *mxLog) monitor(at time.Time) {
	port := h.port()
	ps := h.pf("postscreen", at)
	h.emit(routine, at, ps, fmt.Sprintf("CONNECT from [%s]:%d to [%s]:25", mxMonIP, port, mxAddr))
	h.emit(routine, at.Add(h.sec(0.0005, 0.002)), ps, fmt.Sprintf("ALLOWLISTED [%s]:%d", mxMonIP, port))
	t := at.Add(h.sec(0.003, 0.01))
	sd := h.pf("smtpd", t)
	client := "monitor.kestrelhost.example[" + mxMonIP + "]"
	h.emit(routine, t, sd, "connect from "+client)
	tr := mxIf(h.milterConnect(t, sd, client), incident(mxIncMilter), routine)
	h.emit(tr, t.Add(h.sec(0.01, 0.05)), sd, "disconnect from "+client+" ehlo=1 quit=1 commands=2")
	if it := at.Add(h.sec(30, 31)); !h.dovecotDown(it) {
		h.dove(routine, it, fmt.Sprintf("imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=%s, lip=%s, session=<%s>", mxMonIP, mxAddr, h.b64(16)))
	}
}

// cron is root's hourly report, picked up and delivered to ops@.
func (h *mxLog) cron(at time.Time) {
	q := h.qid(at)
	h.emit(routine, at, h.pf("pickup", at), q+": uid=0 from=<root>")
	t := at.Add(h.sec(0.005, 0.02))
	m := &mxMsg{qid: q, from: "root@" + mxFQDN, msgid: t.Format("20060102150405") + "." + q + "@" + mxFQDN, size: h.g.between(1400, 2600), nrcpt: 1, queued: t, tr: routine}
	h.emit(routine, t, h.pf("cleanup", t), q+": message-id=<"+m.msgid+">")
	ops := h.byAddr["ops@kestrelhost.example"]
	h.run(m, []mxRcpt{{addr: ops.addr, orig: "root", user: ops}}, t.Add(h.sec(0.005, 0.03)), 0)
}

func (h *mxLog) anvil(at time.Time) {
	p := h.pf("anvil", at)
	ts := func() string { return at.Add(-h.sec(5, 590)).Format(mxStamp) }
	h.emit(routine, at, p, fmt.Sprintf("statistics: max connection rate %d/60s for (smtp:%s) at %s", h.g.between(3, 14), h.bot(at), ts()))
	h.emit(routine, at, p, fmt.Sprintf("statistics: max connection count %d for (smtp:%s) at %s", h.g.between(2, 6), h.g.publicIP(), ts()))
	h.emit(routine, at, p, fmt.Sprintf("statistics: max cache size %d at %s", h.g.between(12, 60), ts()))
}

// --- benign changes -------------------------------------------------------------------

func (h *mxLog) reload(tr truth) {
	t := tr.changeStart
	h.emit(tr, t, fmt.Sprintf("postfix/postfix-script[%d]", h.pidAt(t)), "refreshing the Postfix mail system")
	h.emit(tr, t.Add(h.sec(0.05, 0.2)), "postfix/master[1187]", "reload -- version 3.7.11, configuration /etc/postfix")
}

// reloads are the certificate renewal's reloads and the Dovecot upgrade's restart (its
// sessions are cut in imapSession).
func (h *mxLog) reloads() {
	h.reload(h.cert)
	h.dove(h.cert, h.cert.changeStart.Add(h.sec(1.2, 1.8)), "master: Warning: SIGHUP received - reloading configuration")
	h.dove(h.dovecot, h.dcDown, "master: Warning: Killed with signal 15 (by pid=1 uid=0 code=kill)")
	h.dove(h.dovecot, h.dcUp, "master: Dovecot v2.3.21.1 (d492236fa0) starting up for imap, pop3, lmtp, sieve (core dumps disabled)")
}

func (h *mxLog) newsletter() {
	u := h.byAddr["newsletter@lindenhof-weine.example"]
	mix := func(r *mxRemote) float64 {
		return r.weight * map[int]float64{mxGMX: 1.6, mxTOnline: 1.5, mxO365: 0.5, mxBiz: 0.5, mxBizSH: 0.5}[r.class] // 0 for the rest
	}
	mix2 := func(r *mxRemote) float64 { return mxIf(mix(r) == 0, r.weight, mix(r)) }
	for t := h.news.changeStart; t.Before(h.newsEnd); {
		var msgs [][]mxRcpt
		for i := 0; i < 50; i++ {
			msgs = append(msgs, []mxRcpt{h.remoteRcpt(mix2, 0.025)})
		}
		end := h.submission(t, mxSub{user: u, ip: mxWebIP, port: 587, method: "LOGIN", mua: mxMuaPHP, tr: h.news, news: true, msgs: msgs, gap: 0.5, helo: "webhost3.kestrelhost.example"})
		t = end.Add(h.sec(0.5, 3))
	}
}

func (h *mxLog) migration() {
	tr := h.mig
	h.reload(tr)
	cs := tr.changeStart
	h.g.arrivals(cs.Add(h.sec(60, 120)), h.end, func(t time.Time) float64 {
		return 0.06 * rampUp(t, cs.Add(time.Minute), 40*time.Minute) * h.load(t)
	}, func(t time.Time) { h.inbound(t, tr, h.brandt) })
	for _, u := range h.brandt {
		at, end := h.syncAt[u], h.syncEnd[u]
		pre := h.login(tr, at, "imap", u.addr, mxMigIP)
		dur := end.Sub(at).Seconds()
		for _, box := range []string{"INBOX", "Sent", "Archiv"} {
			if h.g.chance(0.45) {
				h.dove(tr, at.Add(mxD(h.f(0.1, 0.9)*dur)), pre+fmt.Sprintf("Warning: Maildir /var/vmail/brandt-kanzlei.example/%s/Maildir/.%s: Synchronization took %d seconds (%d new msgs, 0 flag change attempts, 0 expunge attempts)", u.local, box, h.g.between(31, 95), h.g.between(400, 4000)))
			}
		}
		h.dove(tr, end, pre+fmt.Sprintf("Disconnected: Logged out in=%d out=%d deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0", int(dur*h.f(1.5e6, 4e6)), h.g.between(60000, 400000)))
	}
}

// --- incidents ------------------------------------------------------------------------

func (h *mxLog) compromised() {
	tr := incident(mxIncAcct)
	u := h.acct
	h.imapSession(tr, u, h.accLogin, h.accIPs[0], h.g.lognormal(6, 0.4))
	spamMix := func(r *mxRemote) float64 {
		return r.weight * map[int]float64{mxGoogle: 1.4, mxYahoo: 6, mxMSFT: 2.5}[r.class]
	}
	mix := func(r *mxRemote) float64 { return mxIf(spamMix(r) == 0, r.weight, spamMix(r)) }
	sub := func(at time.Time, ip string, msgs [][]mxRcpt) time.Time {
		return h.submission(at, mxSub{user: u, ip: ip, port: pick(h.g, []int{587, 587, 465}), method: "LOGIN", mua: mxMuaSpam, tr: tr, spam: true, msgs: msgs, gap: 2, helo: "User"})
	}
	attacker := func() string { return h.accIPs[1+h.g.intn(len(h.accIPs)-1)] }
	sub(h.accFrom, h.accIPs[1], [][]mxRcpt{{{addr: h.person() + "@gmail.com", rem: h.remByDom["gmail.com"]}}})
	for t := h.accFrom.Add(h.sec(90, 150)); t.Before(h.accLocked); {
		var msgs [][]mxRcpt
		for k, n := 0, h.g.between(3, 8); k < n; k++ {
			var rc []mxRcpt
			for i, m := 0, h.g.between(15, 40); i < m; i++ {
				rc = append(rc, h.remoteRcpt(mix, 0.3))
			}
			msgs = append(msgs, rc)
		}
		t = sub(t, attacker(), msgs).Add(mxD(h.g.rng.ExpFloat64()*30 + 5))
	}
	h.g.arrivals(h.accLocked, h.accEnd, func(time.Time) float64 { return 0.07 }, func(t time.Time) {
		h.saslFail(tr, t, attacker(), pick(h.g, []int{587, 465}), u.addr, "Password mismatch", h.g.between(1, 3))
	})
}

// purgeLines is the admin deleting the spam still queued: postsuper -d.
func (h *mxLog) purgeLines() {
	tr := incident(mxIncAcct)
	proc := fmt.Sprintf("postfix/postsuper[%d]", h.pidAt(h.accPurge))
	t := h.accPurge
	for _, q := range h.purged {
		t = t.Add(h.sec(0.0002, 0.002))
		h.emit(tr, t, proc, q+": removed")
	}
	h.emit(tr, t.Add(h.sec(0.001, 0.01)), proc, fmt.Sprintf("Deleted: %d messages", len(h.purged)))
}

func (h *mxLog) rspamdCrash() {
	tr := incident(mxIncMilter)
	t := h.milFrom.Add(-h.sec(1.5, 2))
	tag := h.g.hex(6)
	term := func(at time.Time, proc, tag string, pid int) {
		h.emit(tr, at, proc, fmt.Sprintf("<%s>; main; rspamd_check_termination_clause: rspamd_proxy process %d terminated abnormally by signal: Segmentation fault but NOT created core file", tag, pid))
	}
	for _, p := range h.rsOld {
		t = t.Add(h.sec(0.01, 0.4))
		term(t, "rspamd[1874]", tag, p)
	}
	h.emit(tr, t.Add(h.sec(0.01, 0.1)), "rspamd[1874]", fmt.Sprintf("<%s>; main; rspamd_hard_terminate: shutting down Rspamd due to fatal error", tag))
	// systemd restarts it five times, every start dying on the same map; then the
	// administrator starts it with the map fixed.
	for i := 0; i < 6; i++ {
		t = mxIf(i < 5, t.Add(h.sec(10.1, 11.5)), h.milTo.Add(-h.sec(1.5, 2.5)))
		pid := mxIf(i < 5, h.pidAt(t), h.rsMain)
		proc, tag := fmt.Sprintf("rspamd[%d]", pid), h.g.hex(6)
		h.emit(tr, t, proc, fmt.Sprintf("<%s>; main; main: rspamd 3.8.4 is starting, build id: release", tag))
		h.emit(tr, t.Add(h.sec(0.001, 0.005)), proc, fmt.Sprintf("<%s>; main; main: cpu features: avx2, sse42, popcnt, avx", tag))
		at := t.Add(h.sec(0.6, 1.4))
		for w := 0; w < mxIf(i < 5, 1, 5); w++ {
			h.emit(tr, at, proc, fmt.Sprintf("<%s>; main; rspamd_fork_worker: prepare to fork process %s", tag, mxIf(w < 4, fmt.Sprintf("rspamd_proxy (%d); listen on: localhost:11332", w), "controller (0); listen on: localhost:11334")))
			at = at.Add(h.sec(0.001, 0.004))
		}
		if i < 5 {
			at = at.Add(h.sec(0.2, 0.8))
			term(at, proc, tag, pid+h.g.between(2, 5))
			h.emit(tr, at.Add(h.sec(0.01, 0.05)), proc, fmt.Sprintf("<%s>; main; rspamd_hard_terminate: shutting down Rspamd due to fatal error", tag))
		}
	}
}

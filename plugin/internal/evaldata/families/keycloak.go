package families

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// keycloak is Keycloak 24.0 (Quarkus) as a StatefulSet of three pods (keycloak-0..2)
// behind an nginx ingress, clustered with Infinispan over JGroups (the kubernetes stack:
// DNS_PING, FD_ALL3), PostgreSQL behind Agroal, the corporate directory as LDAP user
// federation of one realm. The pods' stdout is interleaved in one stream, in Keycloak's
// default console format, `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e`, stack
// traces as continuation lines:
//
//	2024-06-18 07:05:01,342 INFO  [org.keycloak.events] (executor-thread-12) type="LOGIN", realmId="5d3b...", clientId="web-shop", userId="4c1e...", sessionId="60c2...", ipAddress="81.2.69.160", auth_method="openid-connect", auth_type="code", response_type="code", redirect_uri="https://shop.example.com/callback", consent="no_consent_required", code_id="60c2...", response_mode="query", username="anna.kowalski"
//	2024-06-18 07:05:01,611 WARN  [org.keycloak.events] (executor-thread-3) type="LOGIN_ERROR", realmId="5d3b...", clientId="web-shop", userId="null", sessionId="null", ipAddress="62.95.17.150", error="user_not_found", ...
//
// The jboss-logging event listener is configured to log success events at INFO (errors
// are at WARN), with quoted values; admin events are logged too. The realms: shop
// (9000 customers; web-shop, a confidential client, and mobile-app, a public one with
// offline tokens), corp (1400 employees from LDAP; gitlab, grafana, wiki, hr-portal,
// and Jira over SAML) and master (three administrators). Health probes are not logged.
//
// Normal operation, 10 lines a second at 09:00 local time rising to 20-25 by noon:
// customers sign in to the web shop (a tenth with Google), the shop's backend exchanges
// the code and refreshes the tokens every 5 minutes while they shop, a fifth log out;
// the mobile app refreshes its offline session whenever it is opened; employees arrive
// between 08:00 and 10:30, sign in once with their LDAP password and join that SSO
// session from every app they open; the API gateway introspects tokens; 22 service
// instances fetch client-credentials tokens every 5 minutes; an uptime probe signs in
// from three regions every minute. What every identity provider logs all day: wrong
// passwords, mistyped user names, login pages left open (expired_code), browsers without
// cookies, refresh tokens that expired over lunch, a CronJob with a rotated secret failing
// every 10 minutes, a disabled employee's attempt with KC-SERVICES0013 and its stack
// trace, the LDAP changed-users sync every 5 minutes, a slow LDAP search now and then, a
// leaked JDBC result set, a duplicate key on an offline client session, administrators
// editing users.
//
// Benign changes:
//   - 0:20, a new client loyalty-app: an administrator creates it, its secret, roles,
//     scope and mapper (admin events); it is released four minutes later and its
//     sign-ins ramp up over half an hour; for the first nine minutes its www. callback
//     is rejected (invalid_redirect_uri) until the administrator adds it. All its lines
//     carry the change.
//   - 0:58, realm shop reconfigured: login with email and remember me turned on, a new
//     login theme and German texts, the realm and user caches cleared (admin events);
//     from then on many customers sign in with their email and some tick remember me;
//     those LOGIN lines carry the change.
//   - 1:45, rolling upgrade from 24.0.4 to 24.0.5, keycloak-2 first: each pod leaves the
//     cluster and stops, the coordinator rebalances the eight clustered caches, the new
//     pod starts (Hostname settings, ISPN000569, JGroups channel, the view, Keycloak
//     24.0.5 on JVM (powered by Quarkus 3.8.4) started in ..., Installed features) and
//     joins, the caches rebalance again; when keycloak-0 goes, keycloak-2 becomes the
//     coordinator. 24.0.5 words the LDAP sync summary and the slow search warning
//     differently; those lines carry the change from then on.
//   - 2:16 for 20 minutes, a marketing email invites customers to set a new password:
//     SEND_RESET_PASSWORD (RESET_PASSWORD_ERROR for addresses nobody has), the link
//     clicked minutes later, UPDATE_PASSWORD, RESET_PASSWORD, the code exchanged and
//     the session used; and more customers than usual sign in.
//
// Incidents:
//   - 0:40 for 8 minutes, the LDAP server stops answering: every password sign-in to a
//     corp app waits out the 10 s connect (or read) timeout, LDAPOperationManager's
//     ERROR, KC-SERVICES0013 with a ModelException caused by
//     javax.naming.CommunicationException (or a read timeout, with a slow search
//     warning), LOGIN_ERROR invalid_user_credentials or user_not_found; users try three
//     times, then come back after it is over; the changed-users sync fails with its
//     trace. Sign-ins with the SSO cookie go on.
//   - 1:14 for 15 minutes, credential stuffing against web-shop from 310 addresses, up
//     to 9 attempts a second: LOGIN_ERROR user_not_found for addresses that are not
//     customers', invalid_user_credentials for 380 customers' own, each locked for
//     15 minutes after five (USER_DISABLED_BY_TEMPORARY_LOCKOUT, then
//     user_temporarily_disabled), cookie_not_found from bots, a few reused passwords
//     that work; customers whose accounts are locked fail too (and some reset their
//     password); an administrator tightens the realm's settings, the WAF stops the bots
//     from minute 11, the lockouts are cleared (admin events). All of it is the
//     incident's.
//   - 2:06 for about 3 minutes, the database connection pool exhausted (a lock held on
//     the database): requests that need a connection wait out the 5 s acquisition
//     timeout, SqlExceptionHelper's WARN and ERROR and KeycloakErrorHandler's Uncaught
//     server error (GenericJDBCException caused by Agroal's acquisition timeout) with
//     its stack trace, for sign-ins, code exchanges, refreshes (offline ones most), the
//     service accounts and the probe; worker thread numbers climb past 150; users retry,
//     clients lose their sessions and send users to sign in again; the scheduled
//     ClearExpiredEvents fails. The failures and the retries are the incident's.
//   - 2:46 for about 10 minutes, keycloak-2's node loses pod networking: JGroups'
//     JGRP000034 send failures both ways, cache writes timing out after 15 s
//     (ISPN000136 and ISPN000476 traces, 500s); 40 s on FD_ALL3 suspects, SuspectException
//     for the waiting requests, and each side installs its own view: keycloak-1 becomes
//     coordinator of the other two (ISPN000094, ISPN100007, rebalance), keycloak-2 alone
//     warns of a split brain (ISPN000314) per cache. Sessions are not found across the
//     split: REFRESH_TOKEN_ERROR invalid_token (Session not active, Offline user session
//     not found), CODE_TO_TOKEN_ERROR invalid_code, LOGOUT_ERROR, SSO cookies not
//     recognised, users signing in again; until the network returns, MERGE3 merges the
//     views (ISPN000093 MergeView) and the caches rebalance.
var keycloak = Family{
	Name:    "keycloak",
	Role:    Tuning,
	Service: "Keycloak 24 (Quarkus) cluster of three pods behind an ingress, default console log format with login and admin events and Java stack traces",
	Lines:   keycloakLines,
}

const (
	kcLDAPDown = "LDAP server behind the corp realm's user federation timing out: password logins failing with CommunicationException"
	kcStuffing = "credential-stuffing attack on web-shop from a few hundred addresses: login failures surging, customers locked out"
	kcPoolDry  = "database connection pool exhausted: acquisition timeouts, 500s on logins and token requests"
	kcSplit    = "JGroups/Infinispan cluster split after a network blip on keycloak-2: sessions not found across the split"
)

const (
	kcLayout = "2006-01-02 15:04:05,000"
	kcEvents = "org.keycloak.events"
	kcLDAP   = "ldap.corp.example.com:636"
	kcPeople = "ou=people,dc=corp,dc=example,dc=com"
)

// kcRealm is a realm and its users.
type kcRealm struct {
	name, id string
	users    []*kcUser
}

type kcUser struct {
	id, name, email string
	ip              string // where the user usually signs in from
	// The brute force detector's temporary lockouts, from and until.
	locks  [][2]time.Time
	lockTr truth
}

// kcClient is an application registered in a realm.
type kcClient struct {
	id, uuid string
	realm    *kcRealm
	redirect string
	scope    string
	public   bool     // a browser or mobile app: it calls the token endpoint itself
	saml     bool     // a SAML service provider: no code exchange
	backend  []string // the pods of a confidential client's backend
	logout   float64  // share of sessions that end with a logout
	active   float64  // median minutes a user keeps using it
}

// kcPod is one Keycloak pod; the rolling upgrade stops it and starts it again with a new
// JGroups node name.
type kcPod struct {
	name, ip        string
	node, node2     string
	stop, ready     time.Time
	threads         int // the worker threads the pod usually keeps busy
	version, quarks string
}

// kcSession is a user session: the SSO session of a browser, or an offline session of
// the mobile app.
type kcSession struct {
	id  string
	u   *kcUser
	pod *kcPod // where it was created
	at  time.Time
	ip  string // the user's address
	// own2 says whether keycloak-2 holds a copy of it (the distributed caches keep two
	// owners of three).
	own2 bool
}

// kcService is a service account's client: each of its instances fetches a token with
// client credentials when its last one is about to expire.
type kcService struct {
	c   *kcClient
	ips []string
	sa  string // the service account user's id
}

type kcLog struct {
	g          *gen
	j          *journal
	start, end time.Time

	master, shop, corp                *kcRealm
	webShop, mobile, loyalty, gateway *kcClient
	probe, console, reporting         *kcClient
	corpApps                          []*kcClient
	services                          []*kcService
	admins                            []*kcUser
	pods                              [3]*kcPod
	taken                             map[string]bool
	probeIPs, officeIPs, gatewayIPs   []string

	newClient, realmCfg, upgrade, campaign change
	cfgAt                                  time.Time // the shop's new login settings in force
	// The Infinispan cluster: its members, oldest (the coordinator) first, the JGroups
	// view id and each clustered cache's topology id.
	members []*kcPod
	view    int
	topo    map[string]int

	ldapAt, ldapFix, stuffAt, stuffEnd, poolAt, poolFix time.Time
	splitAt, viewAt, mergeAt                            time.Time
	cut                                                 *kcPod // the pod the split cuts off
}

// The clustered caches of Keycloak 24: distributed, two owners, but for work.
var kcCaches = []string{"sessions", "authenticationSessions", "offlineSessions", "clientSessions", "offlineClientSessions", "loginFailures", "actionTokens", "work"}

func keycloakLines(seed int64) []Line {
	start := time.Date(2024, 6, 18, 7, 0, 0, 0, time.UTC)
	g := newGen(seed, 23)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	k := &kcLog{g: g, j: &journal{}, start: start, end: start.Add(Length), taken: map[string]bool{}, topo: map[string]int{}}
	k.newClient = change{"new client loyalty-app registered in realm shop and released: admin events, then its logins ramping up", at(20, 0, 50)}
	k.realmCfg = change{"realm shop reconfigured: login with email, remember me, new login theme, caches cleared", at(58, 0, 50)}
	k.upgrade = change{"rolling upgrade of the three pods from Keycloak 24.0.4 to 24.0.5", at(105, 0, 40)}
	k.cfgAt = k.realmCfg.start.Add(k.ms(50_000, 110_000)) // the sign-ins see it from then on
	k.campaign = change{"marketing email campaign: a burst of password resets and returning customers for 20 minutes", at(136, 0, 50)}
	k.ldapAt = at(40, 0, 50)
	k.ldapFix = k.ldapAt.Add(8*time.Minute + k.ms(-20_000, 25_000))
	k.stuffAt = at(74, 0, 50)
	k.stuffEnd = k.stuffAt.Add(15*time.Minute + k.ms(-10_000, 30_000))
	k.poolAt = at(126, 0, 40)
	k.poolFix = k.poolAt.Add(3*time.Minute + 20*time.Second + k.ms(-15_000, 20_000))
	k.splitAt = at(166, 0, 40)
	k.viewAt = k.splitAt.Add(k.ms(41_000, 47_000)) // FD_ALL3's 40 s, then VERIFY_SUSPECT2
	k.mergeAt = k.splitAt.Add(9*time.Minute + k.ms(0, 60_000))
	k.setup()
	k.cut = k.pods[2]
	// What decides where requests go and who is locked out comes first: the pods'
	// restarts and the attack's lockouts.
	k.rollingUpgrade()
	k.stuffing()

	// Customers of the shop: the web shop's sessions, the mobile app opened on an
	// offline session, now and then a new mobile login. They start an hour and a half
	// early, so that the log opens on sessions under way.
	warm := start.Add(-90 * time.Minute)
	g.arrivals(warm, k.end, func(t time.Time) float64 { return 1.7 * k.traffic(t) }, func(t time.Time) {
		k.shopVisit(routine, t, k.webShop)
	})
	g.arrivals(warm, k.end, func(t time.Time) float64 { return 1.2 * k.traffic(t) }, k.appOpen)
	g.arrivals(warm, k.end, func(t time.Time) float64 { return 0.03 * k.traffic(t) }, func(t time.Time) {
		k.shopVisit(routine, t, k.mobile)
	})
	// The API gateway introspects the access tokens it has not seen yet.
	g.arrivals(start, k.end, func(t time.Time) float64 { return 2.2 * k.traffic(t) }, k.introspect)
	k.employees()
	k.serviceAccounts()
	g.every(start.Add(k.ms(0, 60_000)), k.end, time.Minute, 2*time.Second, k.uptimeProbe)
	g.every(start.Add(3*time.Minute+k.ms(0, 30_000)), k.end, 10*time.Minute, 5*time.Second, k.reportingBatch)
	g.every(start.Add(k.ms(0, 300_000)), k.end, 5*time.Minute, 200*time.Millisecond, k.ldapSync)
	g.arrivals(start, k.end, func(time.Time) float64 { return 1.0 / 1500 }, k.adminSession)
	g.arrivals(start, k.end, func(time.Time) float64 { return 1.0 / 700 }, k.slowLDAP)
	g.arrivals(start, k.end, func(time.Time) float64 { return 1.0 / 1300 }, k.leak)
	g.arrivals(start, k.end, func(time.Time) float64 { return 1.0 / 1100 }, k.disabledUser)
	g.arrivals(start, k.end, func(time.Time) float64 { return 1.0 / 1900 }, k.duplicateKey)

	k.newApp()
	k.realmChange()
	k.resetCampaign()
	g.every(k.ldapAt.Add(k.ms(5000, 60_000)), k.ldapFix, 5*time.Minute, time.Second, k.ldapOutage)
	k.poolOutage()
	k.split()
	lines := k.j.sorted(k.end)
	for len(lines) > 0 && lines[0].At.Before(start) { // what the warm-up wrote before the log
		lines = lines[1:]
	}
	return lines
}

func (k *kcLog) ms(lo, hi int) time.Duration {
	return time.Duration(k.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (k *kcLog) mins(median, sigma float64) time.Duration {
	return time.Duration(k.g.lognormal(median, sigma) * float64(time.Minute))
}

// traffic is the shop's daily curve from 09:00 local time: the morning's rise, and the
// slow swell of a day's visits.
func (k *kcLog) traffic(t time.Time) float64 {
	m := t.Sub(k.start).Minutes()
	return (0.72 + 0.5*rampUp(t, k.start, 160*time.Minute)) * (1 + 0.08*math.Sin(2*math.Pi*m/23) + 0.05*math.Sin(2*math.Pi*m/7.3))
}

// setup draws the realms, their users and clients, and the pods.
func (k *kcLog) setup() {
	g := k.g
	k.master = &kcRealm{name: "master", id: g.uuid()}
	k.shop = &kcRealm{name: "shop", id: g.uuid()}
	k.corp = &kcRealm{name: "corp", id: g.uuid()}
	for i := 0; i < 9000; i++ {
		f, l := pick(g, kcFirst), pick(g, kcLast)
		var name string
		switch g.intn(7) {
		case 0, 1:
			name = f + "." + l
		case 2:
			name = f[:1] + l
		case 3:
			name = f + "." + l[:1]
		case 4:
			name = f + l + fmt.Sprint(g.between(1, 99))
		case 5:
			name = l + "." + f
		default:
			name = fmt.Sprintf("%s_%d", f, g.between(1961, 2006))
		}
		domain := pick(g, []string{"gmail.com", "gmail.com", "gmail.com", "web.de", "gmx.de", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "t-online.de", "wp.pl", "orange.fr", "libero.it"})
		local := name
		if g.chance(0.5) {
			local = f + "." + l
		}
		name = k.unique(name)
		k.shop.users = append(k.shop.users, &kcUser{id: g.uuid(), name: name, email: k.unique(local + "@" + domain), ip: g.publicIP()})
	}
	for i := 0; i < 9; i++ {
		k.officeIPs = append(k.officeIPs, fmt.Sprintf("193.28.116.%d", g.between(10, 60)))
	}
	for i := 0; i < 1400; i++ {
		f, l := pick(g, kcFirst), pick(g, kcLast)
		name := "" // the directory's uid: initial and surname, more of the name if taken
		for _, n := range []string{f[:1] + l, f[:2] + l, f + l, f + "." + l} {
			if !k.taken[n] {
				name, k.taken[n] = n, true
				break
			}
		}
		if name == "" {
			name = k.unique(f[:1] + l)
		}
		ip := pick(g, k.officeIPs)
		if g.chance(0.3) { // at home, on the VPN
			ip = fmt.Sprintf("10.8.%d.%d", g.between(0, 3), g.between(2, 254))
		}
		k.corp.users = append(k.corp.users, &kcUser{id: g.uuid(), name: name, email: k.unique(f + "." + l + "@example.com"), ip: ip})
	}
	for _, n := range []string{"k.wojcik", "t.nguyen", "admin-ops"} {
		k.admins = append(k.admins, &kcUser{id: g.uuid(), name: n, ip: fmt.Sprintf("10.8.%d.%d", g.between(0, 3), g.between(2, 254))})
	}
	k.master.users = k.admins

	ips := func(n int) []string {
		var l []string
		for i := 0; i < n; i++ {
			l = append(l, fmt.Sprintf("10.42.%d.%d", g.between(0, 11), g.between(2, 254)))
		}
		return l
	}
	client := func(r *kcRealm, id, redirect, scope string, backend int, logout, active float64) *kcClient {
		return &kcClient{id: id, uuid: g.uuid(), realm: r, redirect: redirect, scope: scope, backend: ips(backend), logout: logout, active: active, public: backend == 0}
	}
	k.webShop = client(k.shop, "web-shop", "https://shop.example.com/callback", "openid profile email", 4, 0.22, 9)
	k.mobile = client(k.shop, "mobile-app", "com.example.shop:/oauth2redirect", "openid offline_access profile email", 0, 0, 5)
	k.loyalty = client(k.shop, "loyalty-app", "https://loyalty.example.com/auth/callback", "openid profile email", 2, 0.15, 6)
	k.gateway = client(k.shop, "api-gateway", "", "", 3, 0, 0)
	k.probe = client(k.shop, "uptime-probe", "", "openid profile email", 0, 0, 0)
	k.reporting = client(k.shop, "reporting-batch", "", "", 1, 0, 0)
	k.console = client(k.master, "security-admin-console", "https://sso.example.com/admin/master/console/", "openid", 0, 0.4, 12)
	k.corpApps = []*kcClient{
		client(k.corp, "gitlab", "https://gitlab.corp.example.com/users/auth/openid_connect/callback", "openid profile email", 3, 0.05, 40),
		client(k.corp, "grafana", "https://grafana.corp.example.com/login/generic_oauth", "openid profile email offline_access roles", 2, 0.02, 55),
		client(k.corp, "wiki", "https://wiki.corp.example.com/plugins/servlet/oidc/callback", "openid profile email", 2, 0.03, 18),
		client(k.corp, "hr-portal", "https://hr.corp.example.com/oauth2/callback", "openid profile email", 2, 0.3, 7),
		client(k.corp, "https://jira.corp.example.com", "https://jira.corp.example.com/plugins/servlet/samlconsumer", "", 0, 0.02, 35),
	}
	k.corpApps[4].saml, k.corpApps[4].public = true, false
	for _, s := range []struct {
		name string
		n    int
	}{{"order-service", 6}, {"inventory-service", 4}, {"payment-service", 3}, {"notification-service", 3}, {"search-indexer", 2}, {"recommendation-service", 4}} {
		c := client(k.shop, s.name, "", "profile email", 0, 0, 0)
		k.services = append(k.services, &kcService{c: c, ips: ips(s.n), sa: g.uuid()})
	}
	k.gatewayIPs = k.gateway.backend
	k.probeIPs = []string{"18.196.41.7", "52.58.203.114", "35.181.12.90"}

	for i := range k.pods {
		k.pods[i] = &kcPod{name: fmt.Sprintf("keycloak-%d", i), ip: fmt.Sprintf("10.42.%d.%d", 3+i*4, g.between(2, 254)),
			threads: g.between(14, 26), version: "24.0.4", quarks: "3.8.3"}
		k.pods[i].node = fmt.Sprintf("%s-%d", k.pods[i].name, g.between(10000, 65535))
		k.pods[i].node2 = fmt.Sprintf("%s-%d", k.pods[i].name, g.between(10000, 65535))
		// Not restarted unless the upgrade says so.
		k.pods[i].stop, k.pods[i].ready = k.end.Add(time.Hour), k.end.Add(time.Hour)
	}
	k.members = []*kcPod{k.pods[0], k.pods[1], k.pods[2]}
	k.view = g.between(5, 12)
	for _, c := range kcCaches {
		k.topo[c] = g.between(14, 40)
	}
}

// unique returns name, or name with digits added if a user already has it.
func (k *kcLog) unique(name string) string {
	for n := name; ; n = fmt.Sprintf("%s%d", name, k.g.between(1, 999)) {
		if at := strings.IndexByte(name, '@'); at >= 0 && n != name {
			n = fmt.Sprintf("%s%d%s", name[:at], k.g.between(1, 999), name[at:])
		}
		if !k.taken[n] {
			k.taken[n] = true
			return n
		}
	}
}

var kcFirst = []string{"anna", "lukas", "marie", "jonas", "sophie", "felix", "laura", "leon", "julia", "paul", "emma", "noah", "lena", "elias",
	"mia", "finn", "hannah", "ben", "lea", "tim", "sara", "david", "clara", "jan", "nina", "max", "eva", "tom", "ida", "oskar", "maja",
	"piotr", "agnieszka", "tomasz", "katarzyna", "lucas", "chloe", "hugo", "ines", "mateo", "lucia", "marco", "giulia", "luca", "sofia",
	"james", "olivia", "liam", "amelia", "oliver", "isla", "ethan", "grace", "daniel", "zoe", "ahmet", "elif", "mehmet", "zeynep", "yuki",
	"kenji", "priya", "arjun", "fatima", "omar", "lars", "ingrid", "erik", "astrid", "nils", "freya", "martin", "petra", "stefan", "monika"}

var kcLast = []string{"kowalski", "nowak", "mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz",
	"hoffmann", "koch", "richter", "klein", "wolf", "neumann", "schwarz", "braun", "zimmermann", "krueger", "hartmann", "lange", "werner",
	"krause", "lehmann", "martin", "bernard", "dubois", "durand", "lefebvre", "moreau", "rossi", "russo", "ferrari", "esposito", "bianchi",
	"garcia", "fernandez", "lopez", "martinez", "sanchez", "perez", "smith", "jones", "taylor", "brown", "wilson", "evans", "thomas",
	"johnson", "roberts", "walker", "yilmaz", "kaya", "demir", "sato", "suzuki", "tanaka", "sharma", "patel", "singh", "jensen", "nielsen",
	"hansen", "larsen", "andersson", "johansson", "berg", "novak", "horvat", "kovacs", "nagy", "szabo", "vogel", "jung", "brandt"}

// Writing --------------------------------------------------------------------------

// log writes one record in Keycloak's default console format,
// `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e`; more are its continuation lines (a
// stack trace).
func (k *kcLog) log(tr truth, at time.Time, level, category, thread, msg string, more ...string) {
	k.j.add(tr, at, append([]string{fmt.Sprintf("%s %-5s [%s] (%s) %s", at.Format(kcLayout), level, category, thread, msg)}, more...)...)
}

// thread is the worker thread of p that served a request at t: Quarkus grows the pool
// when requests block, and a restarted pod starts with few.
func (k *kcLog) thread(p *kcPod, t time.Time) string {
	n := float64(p.threads)
	if !t.Before(p.ready) {
		n = math.Min(n, 3+t.Sub(p.ready).Minutes()*3)
	}
	if t.After(k.poolAt) && t.Before(k.poolFix.Add(3*time.Minute)) {
		n += 170 * rampUp(t, k.poolAt, time.Minute) * (1 - rampUp(t, k.poolFix, 2*time.Minute))
	}
	return fmt.Sprintf("executor-thread-%d", 1+k.g.intn(int(n)))
}

// pick is the pod the ingress sends a request at t to: any that is serving.
func (k *kcLog) pick(t time.Time) *kcPod {
	return k.pods[k.g.weighted(3, func(i int) float64 {
		if k.pods[i].serving(t) {
			return 1
		}
		return 0
	})]
}

func (p *kcPod) serving(t time.Time) bool { return t.Before(p.stop) || !t.Before(p.ready) }

// nodeAt is the pod's JGroups node name at t.
func (p *kcPod) nodeAt(t time.Time) string {
	if t.Before(p.stop) {
		return p.node
	}
	return p.node2
}

// kcEvent is a user event as the jboss-logging event listener writes it (success events
// at INFO, as this deployment configures, errors at WARN).
type kcEvent struct {
	typ, client, user, session, ip, err string
	realm                               *kcRealm
	thread                              string
	details                             []string // key, value, ...
}

func (k *kcLog) event(tr truth, at time.Time, p *kcPod, e kcEvent) {
	var b strings.Builder
	q := func(key, v string) {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if v == "" {
			v = "null"
		}
		b.WriteString(key + `="` + v + `"`)
	}
	q("type", e.typ)
	q("realmId", e.realm.id)
	q("clientId", e.client)
	q("userId", e.user)
	q("sessionId", e.session)
	q("ipAddress", e.ip)
	if e.err != "" {
		q("error", e.err)
	}
	for i := 0; i+1 < len(e.details); i += 2 {
		q(e.details[i], e.details[i+1])
	}
	level, th := "INFO", e.thread
	if e.err != "" {
		level = "WARN"
	}
	if th == "" {
		th = k.thread(p, at)
	}
	k.log(tr, at, level, kcEvents, th, b.String())
}

// adminEvent is an admin event: realmId is the realm changed, clientId the admin
// console's id, userId the admin's.
func (k *kcLog) adminEvent(tr truth, at time.Time, admin *kcUser, op string, r *kcRealm, resType, path string) {
	p := k.pick(at)
	k.log(tr, at, "INFO", kcEvents, k.thread(p, at), fmt.Sprintf(`operationType="%s", realmId="%s", clientId="%s", userId="%s", ipAddress="%s", resourceType="%s", resourcePath="%s"`,
		op, r.id, k.console.uuid, admin.id, admin.ip, resType, path))
}

// peer is the address a client calls the token endpoint from: its backend's, or the
// user's for a public client.
func (k *kcLog) peer(c *kcClient, user string) string {
	if c.public || len(c.backend) == 0 {
		return user
	}
	return pick(k.g, c.backend)
}

func (c *kcClient) auth() []string {
	if c.public {
		return nil
	}
	return []string{"client_auth_method", "client-secret"}
}

// Sessions ---------------------------------------------------------------------------

// How a user signs in.
const (
	kcPassword = iota // the login form
	kcCookie          // the SSO cookie of a session the user already has
	kcGoogle          // the Google identity provider (the shop only)
)

// signIn is a user signing in to c from ip at t and the client exchanging the code; s is
// the SSO session a cookie login joins. It returns the session and when the client had
// its tokens, or nil if the user gave up. What goes wrong on the way (a lockout, the
// directory, the database, the cluster) gives the rest of the sign-in its truth.
func (k *kcLog) signIn(tr truth, t time.Time, c *kcClient, u *kcUser, ip string, how int, s *kcSession) (*kcSession, time.Time) {
	g := k.g
	form := func(code string) []string {
		if c.saml {
			return []string{"auth_method", "saml", "redirect_uri", c.redirect, "consent", "no_consent_required", "code_id", code}
		}
		return []string{"auth_method", "openid-connect", "auth_type", "code", "response_type", "code", "redirect_uri", c.redirect,
			"consent", "no_consent_required", "code_id", code, "response_mode", "query"}
	}
	fail := func(err, user string, extra ...string) {
		k.event(tr, t, k.pick(t), kcEvent{typ: "LOGIN_ERROR", realm: c.realm, client: c.id, user: user, ip: ip, err: err, details: append(form(g.uuid()), extra...)})
	}
	if how == kcCookie && !k.sees(k.pick(t), t, s) {
		// The pod does not know the SSO session: the login form, and a new session.
		tr, how, s = incident(kcSplit), kcPassword, nil
	}
	if how == kcPassword {
		// What every identity provider sees all day: a login page left open too long, a
		// browser without cookies, a mistyped user name or password.
		switch x := g.rng.Float64(); {
		case x < 0.008:
			k.event(tr, t, k.pick(t), kcEvent{typ: "LOGIN_ERROR", realm: c.realm, client: c.id, ip: ip, err: "expired_code",
				details: []string{"restart_after_timeout", "true"}})
			t = t.Add(k.ms(2000, 9000))
		case x < 0.014:
			k.event(tr, t, k.pick(t), kcEvent{typ: "LOGIN_ERROR", realm: c.realm, client: c.id, ip: ip, err: "cookie_not_found"})
			t = t.Add(k.ms(3000, 20_000))
		case x < 0.026:
			fail("user_not_found", "", "username", kcTypo(g, u.name))
			t = t.Add(k.ms(5000, 25_000))
		case x < 0.066:
			for n := 1 + g.intn(2); n > 0; n-- {
				fail("invalid_user_credentials", u.id, "username", u.name)
				t = t.Add(k.ms(5000, 30_000))
			}
		}
		if u.locked(t) {
			// Locked out by the brute force detector: some ask for a new password, the
			// others try again a few minutes later.
			tr = u.lockTr
			fail("user_temporarily_disabled", u.id, "username", u.name)
			if g.chance(0.4) {
				t = t.Add(k.ms(20_000, 90_000))
				k.event(tr, t, k.pick(t), kcEvent{typ: "SEND_RESET_PASSWORD", realm: c.realm, client: c.id, user: u.id, ip: ip,
					details: []string{"auth_method", "openid-connect", "auth_type", "code", "redirect_uri", c.redirect, "code_id", g.uuid(), "username", u.name, "email", u.email}})
				return nil, t
			}
			if t = t.Add(k.mins(4, 0.5)); u.locked(t) {
				fail("user_temporarily_disabled", u.id, "username", u.name)
				return nil, t
			}
		}
		if c.realm == k.corp {
			// The password is checked against the directory; users try a few times while
			// it does not answer, then come back later.
			for try := 0; k.ldapDown(t); try++ {
				if try == 3 {
					t = k.ldapFix.Add(k.mins(3, 0.7))
					break
				}
				k.ldapFailure(t, c, u, ip)
				tr = incident(kcLDAPDown)
				t = t.Add(k.ms(25_000, 90_000))
			}
		}
	}
	need, frames := 0.5, kcSSOFrames
	if how == kcPassword {
		need, frames = 0.9, kcUsernameFrames
	}
	for try := 0; ; try++ {
		why, failed := k.fault(t, k.pick(t), need, frames)
		if !failed {
			break
		}
		if tr = why; try == 1 {
			return nil, t
		}
		t = t.Add(k.ms(10_000, 60_000))
	}
	p := k.pick(t)
	if s == nil {
		s = &kcSession{id: g.uuid(), u: u, pod: p, at: t, ip: ip, own2: g.chance(2.0 / 3)}
	}
	extra, ltr := []string{"username", u.name}, tr
	if c.realm == k.shop && how == kcPassword && !t.Before(k.cfgAt) {
		// The new login settings: many type their email, some tick "remember me".
		if g.chance(0.35) {
			extra[1], ltr = u.email, merge(tr, k.realmCfg.truth())
		}
		if g.chance(0.25) {
			extra, ltr = append(extra, "remember_me", "true"), merge(tr, k.realmCfg.truth())
		}
	}
	if how == kcGoogle {
		extra = append(extra, "identity_provider", "google", "identity_provider_identity", u.email)
	}
	k.event(ltr, t, p, kcEvent{typ: "LOGIN", realm: c.realm, client: c.id, user: u.id, session: s.id, ip: ip, details: append(form(s.id), extra...)})
	if c.saml {
		return s, t
	}
	// The client exchanges the code at whatever pod the ingress picks.
	t = t.Add(k.ms(40, 700))
	p = k.pick(t)
	if _, failed := k.fault(t, p, 0.4, kcCodeFrames); failed {
		return nil, t
	}
	if !k.sees(p, t, s) {
		// The code's session is on the other side of the split: the client shows an
		// error, the user tries again.
		tr = incident(kcSplit)
		k.event(tr, t, p, kcEvent{typ: "CODE_TO_TOKEN_ERROR", realm: c.realm, client: c.id, ip: k.peer(c, ip), err: "invalid_code",
			details: append([]string{"grant_type", "authorization_code", "code_id", s.id}, c.auth()...)})
		if !g.chance(0.7) {
			return nil, t
		}
		return k.signIn(tr, t.Add(k.ms(4000, 20_000)), c, u, ip, kcPassword, nil)
	}
	k.codeToToken(tr, t, p, c, s)
	return s, t
}

func (u *kcUser) locked(t time.Time) bool {
	for _, l := range u.locks {
		if !t.Before(l[0]) && t.Before(l[1]) {
			return true
		}
	}
	return false
}

func (k *kcLog) codeToToken(tr truth, t time.Time, p *kcPod, c *kcClient, s *kcSession) {
	g := k.g
	d := append([]string{"token_id", g.uuid(), "grant_type", "authorization_code", "refresh_token_type", kcRefreshType(c), "scope", c.scope,
		"refresh_token_id", g.uuid(), "code_id", s.id}, c.auth()...)
	k.event(tr, t, p, kcEvent{typ: "CODE_TO_TOKEN", realm: c.realm, client: c.id, user: s.u.id, session: s.id, ip: k.peer(c, s.ip), details: d})
}

// kcHome is where a client sends its users after they log out: its site's root.
func kcHome(redirect string) string {
	if i := strings.Index(redirect, "://"); i >= 0 {
		if j := strings.IndexByte(redirect[i+3:], '/'); j >= 0 {
			return redirect[:i+3+j+1]
		}
	}
	return redirect
}

func kcRefreshType(c *kcClient) string {
	if strings.Contains(c.scope, "offline_access") {
		return "Offline"
	}
	return "Refresh"
}

// kcTypo is a user name as a user mistypes it.
func kcTypo(g *gen, name string) string {
	if i := strings.IndexAny(name, "._"); i > 0 && g.chance(0.5) {
		return name[:i] + name[i+1:]
	}
	b := []byte(name)
	i := g.intn(len(b) - 1)
	b[i], b[i+1] = b[i+1], b[i]
	return string(b)
}

// activity is a user using c from from for about active: the client refreshes its token
// as each access token (5 minutes) runs out; the session ends with a logout, is left to
// expire, or, now and then, the client comes back after the SSO session's 30 minutes of
// idle time and fails to refresh. A refresh an incident fails loses the session: the
// client sends the user to sign in again, or the user leaves.
func (k *kcLog) activity(tr truth, c *kcClient, s *kcSession, from time.Time, active time.Duration) {
	g := k.g
	if s == nil { // the sign-in failed
		return
	}
	end := from.Add(active)
	for t := from; ; {
		t = t.Add(4*time.Minute + k.ms(30_000, 60_000))
		if t.After(end) {
			break
		}
		if ok, why := k.refresh(tr, t, c, s); !ok {
			if t = t.Add(k.ms(5000, 60_000)); g.chance(0.7) && t.Before(end) {
				if ns, at := k.signIn(why, t, c, s.u, s.ip, kcPassword, nil); ns != nil && at.Before(end) {
					k.activity(tr, c, ns, at, end.Sub(at))
				}
			}
			return
		}
	}
	p := k.pick(end)
	switch {
	case g.chance(c.logout) && !k.sees(p, end, s):
		k.event(incident(kcSplit), end, p, kcEvent{typ: "LOGOUT_ERROR", realm: c.realm, client: c.id, ip: s.ip, err: "session_expired",
			details: []string{"redirect_uri", kcHome(c.redirect)}})
	case g.chance(c.logout):
		k.event(tr, end, p, kcEvent{typ: "LOGOUT", realm: c.realm, client: c.id, user: s.u.id, session: s.id, ip: s.ip,
			details: []string{"redirect_uri", kcHome(c.redirect)}})
	case c != k.mobile && g.chance(0.06):
		late := end.Add(k.mins(55, 0.4))
		reason := "Token is not active"
		if g.chance(0.3) {
			reason = "Session not active"
		}
		k.event(tr, late, k.pick(late), kcEvent{typ: "REFRESH_TOKEN_ERROR", realm: c.realm, client: c.id, ip: k.peer(c, s.ip), err: "invalid_token",
			details: append([]string{"grant_type", "refresh_token", "reason", reason}, c.auth()...)})
	}
}

// refresh is the client refreshing its tokens at t; it reports whether it got them, and
// if not, the truth of what failed it.
func (k *kcLog) refresh(tr truth, t time.Time, c *kcClient, s *kcSession) (bool, truth) {
	g := k.g
	p := k.pick(t)
	offline := kcRefreshType(c) == "Offline"
	need, frames := 0.5, kcRefreshFrames
	if offline { // offline sessions are loaded from the database
		need, frames = 0.9, kcOfflineFrames
	}
	if why, failed := k.fault(t, p, need, frames); failed {
		return false, why
	}
	if !k.sees(p, t, s) {
		reason := "Session not active"
		if offline {
			reason = "Offline user session not found"
		}
		k.event(incident(kcSplit), t, p, kcEvent{typ: "REFRESH_TOKEN_ERROR", realm: c.realm, client: c.id, user: s.u.id, session: s.id, ip: k.peer(c, s.ip), err: "invalid_token",
			details: append([]string{"grant_type", "refresh_token", "reason", reason}, c.auth()...)})
		return false, incident(kcSplit)
	}
	d := append([]string{"token_id", g.uuid(), "grant_type", "refresh_token", "refresh_token_type", kcRefreshType(c), "scope", c.scope,
		"refresh_token_id", g.uuid(), "updated_refresh_token_id", g.uuid()}, c.auth()...)
	k.event(tr, t, p, kcEvent{typ: "REFRESH_TOKEN", realm: c.realm, client: c.id, user: s.u.id, session: s.id, ip: k.peer(c, s.ip), details: d})
	return true, tr
}

// shopVisit is a customer signing in to the shop (a tenth of them with Google) and
// shopping for a while.
func (k *kcLog) shopVisit(tr truth, t time.Time, c *kcClient) {
	g := k.g
	u := pick(g, k.shop.users)
	ip := u.ip
	if g.chance(0.25) { // on the phone's network
		ip = g.publicIP()
	}
	how := kcPassword
	if c == k.webShop && g.chance(0.1) {
		how = kcGoogle
	}
	s, at := k.signIn(tr, t, c, u, ip, how, nil)
	if s != nil {
		k.activity(tr, c, s, at, k.mins(c.active, 0.8))
	}
}

// appOpen is a customer opening the mobile app, which refreshes the offline session it
// signed in with weeks ago and keeps refreshing while it is in use. If the refresh
// fails, the app asks the user to sign in again, and half of them do.
func (k *kcLog) appOpen(t time.Time) {
	g := k.g
	u := pick(g, k.shop.users)
	s := &kcSession{id: g.uuid(), u: u, pod: k.pods[g.intn(3)], at: k.start.Add(-time.Duration(g.between(1, 40*24)) * time.Hour), ip: g.publicIP(), own2: g.chance(2.0 / 3)}
	active := k.mins(k.mobile.active, 0.7)
	if ok, why := k.refresh(routine, t, k.mobile, s); !ok {
		if g.chance(0.5) {
			if ns, at := k.signIn(why, t.Add(k.ms(8000, 40_000)), k.mobile, u, s.ip, kcPassword, nil); ns != nil {
				k.activity(routine, k.mobile, ns, at, active)
			}
		}
		return
	}
	k.activity(routine, k.mobile, s, t, active)
}

func (k *kcLog) introspect(t time.Time) {
	p := k.pick(t)
	if _, failed := k.fault(t, p, 0.1, kcIntrospectFrames); failed {
		return
	}
	k.event(routine, t, p, kcEvent{typ: "INTROSPECT_TOKEN", realm: k.shop, client: k.gateway.id, ip: pick(k.g, k.gatewayIPs),
		details: []string{"client_auth_method", "client-secret"}})
}

// employees: the corp realm's staff come in between 08:00 and 10:30 local time and sign
// in once with their LDAP password; every app they open after that joins their SSO
// session.
func (k *kcLog) employees() {
	g := k.g
	for _, u := range k.corp.users {
		if g.chance(0.14) { // off today
			continue
		}
		arrive := k.start.Add(time.Duration(g.normal(22, 32) * float64(time.Minute)))
		var s *kcSession
		for t := arrive; t.Before(k.end); t = t.Add(time.Duration(g.rng.ExpFloat64() * float64(35*time.Minute))) {
			c := k.corpApps[g.weighted(len(k.corpApps), func(i int) float64 { return []float64{5, 2, 3, 1, 4}[i] })]
			how := kcCookie
			if s == nil {
				how = kcPassword
			}
			ns, at := k.signIn(routine, t, c, u, u.ip, how, s)
			if ns == nil {
				continue
			}
			if s = ns; !c.saml {
				k.activity(routine, c, s, at, k.mins(c.active, 0.7))
			}
		}
	}
}

// serviceAccounts: each instance of the shop's back-end services fetches a token with its
// client credentials a little before the last one expires, and tries again 10 to 30 s
// after a failure.
func (k *kcLog) serviceAccounts() {
	g := k.g
	for _, s := range k.services {
		for _, ip := range s.ips {
			g.every(k.start.Add(k.ms(0, 300_000)), k.end, 5*time.Minute-k.ms(10_000, 30_000), 3*time.Second, func(t time.Time) {
				tr := routine
				for try := 0; try < 3; try++ {
					p := k.pick(t)
					why, failed := k.fault(t, p, 0.3, kcClientFrames)
					if !failed {
						k.event(tr, t, p, kcEvent{typ: "CLIENT_LOGIN", realm: k.shop, client: s.c.id, user: s.sa, ip: ip,
							details: []string{"token_id", g.uuid(), "grant_type", "client_credentials", "scope", s.c.scope, "client_auth_method", "client-secret", "username", "service-account-" + s.c.id}})
						return
					}
					tr, t = why, t.Add(k.ms(10_000, 30_000))
				}
			})
		}
	}
}

// uptimeProbe: a synthetic login from each of three regions every minute, with the
// password grant, logged out at once.
func (k *kcLog) uptimeProbe(t time.Time) {
	g := k.g
	for _, ip := range k.probeIPs {
		at := t.Add(k.ms(0, 4000))
		p := k.pick(at)
		if _, failed := k.fault(at, p, 0.9, kcDirectFrames); failed {
			continue
		}
		sid := g.uuid()
		k.event(routine, at, p, kcEvent{typ: "LOGIN", realm: k.shop, client: k.probe.id, user: "5e0f3a71-2c4b-4d8e-9a61-7b3c2f10e9d4", session: sid, ip: ip,
			details: []string{"auth_method", "openid-connect", "token_id", g.uuid(), "grant_type", "password", "refresh_token_type", "Refresh", "scope", "openid profile email",
				"refresh_token_id", g.uuid(), "client_auth_method", "client-secret", "username", "synthetic-monitor"}})
		at = at.Add(k.ms(150, 900))
		k.event(routine, at, k.pick(at), kcEvent{typ: "LOGOUT", realm: k.shop, client: k.probe.id, user: "5e0f3a71-2c4b-4d8e-9a61-7b3c2f10e9d4", session: sid, ip: ip})
	}
}

// reportingBatch: a CronJob nobody gave the rotated secret tries its client credentials
// three times every 10 minutes.
func (k *kcLog) reportingBatch(t time.Time) {
	for i := 0; i < 3; i++ {
		at := t.Add(time.Duration(i) * k.ms(1000, 5000))
		k.event(routine, at, k.pick(at), kcEvent{typ: "CLIENT_LOGIN_ERROR", realm: k.shop, client: k.reporting.id, ip: k.reporting.backend[0], err: "invalid_client_credentials",
			details: []string{"grant_type", "client_credentials"}})
	}
}

// ldapSync is the periodic sync of changed users from the corporate directory, run on
// one pod of the cluster every 5 minutes.
func (k *kcLog) ldapSync(t time.Time) {
	if k.ldapDown(t) {
		return // see ldapOutage
	}
	p := k.pick(t)
	tr := k.reworded(p, t)
	k.log(routine, t, "INFO", "org.keycloak.storage.ldap.LDAPStorageProviderFactory", "Timer-0",
		"Sync changed users from LDAP to local store: realm: corp, federation provider: corp-ldap, last sync time: "+t.Add(-5*time.Minute).Format("Mon Jan 02 15:04:05 MST 2006"))
	at := t.Add(k.ms(80, 600))
	msg := fmt.Sprintf("Sync changed users finished: %d imported users, %d updated users", k.g.intn(2)*k.g.intn(2), k.g.intn(6))
	if tr != routine { // 24.0.5 counts the removed and failed users too
		msg = fmt.Sprintf("Sync of federation provider 'corp-ldap' finished: %d imported users, %d updated users, 0 removed users, 0 users failed sync", k.g.intn(2)*k.g.intn(2), k.g.intn(6))
	}
	k.log(tr, at, "INFO", "org.keycloak.storage.ldap.LDAPStorageProviderFactory", "Timer-0", msg)
}

// reworded is the truth of a line 24.0.5 words differently from 24.0.4: the upgrade's
// once the pod runs the new version.
func (k *kcLog) reworded(p *kcPod, t time.Time) truth {
	if !t.Before(p.ready) {
		return k.upgrade.truth()
	}
	return routine
}

// adminSession: an administrator signs in to the admin console and looks after a few
// users: a profile fixed, a password reset, a group membership, a session logged out.
func (k *kcLog) adminSession(t time.Time) {
	g := k.g
	a := pick(g, k.admins)
	s, at := k.signIn(routine, t, k.console, a, a.ip, kcPassword, nil)
	for n := g.between(1, 5); n > 0; n-- {
		at = at.Add(k.ms(15_000, 180_000))
		r := k.corp
		if g.chance(0.4) {
			r = k.shop
		}
		u := pick(g, r.users)
		switch g.intn(5) {
		case 0, 1:
			k.adminEvent(routine, at, a, "UPDATE", r, "USER", "users/"+u.id)
		case 2:
			k.adminEvent(routine, at, a, "ACTION", r, "USER", "users/"+u.id+"/reset-password")
		case 3:
			k.adminEvent(routine, at, a, "CREATE", r, "GROUP_MEMBERSHIP", "users/"+u.id+"/groups/"+g.uuid())
		default:
			k.adminEvent(routine, at, a, "ACTION", r, "USER", "users/"+u.id+"/logout")
		}
	}
	k.activity(routine, k.console, s, at, k.mins(3, 0.5))
}

// slowLDAP is a search the directory was slow to answer.
func (k *kcLog) slowLDAP(t time.Time) {
	u := pick(k.g, k.corp.users)
	p := k.pick(t)
	k.slowSearch(k.reworded(p, t), t, p, u, int(k.g.lognormal(1600, 0.35)))
}

func (k *kcLog) slowSearch(tr truth, t time.Time, p *kcPod, u *kcUser, ms int) {
	filter := fmt.Sprintf("(&(uid=%s)(objectclass=inetOrgPerson)(objectclass=organizationalPerson))", u.name)
	msg := fmt.Sprintf("Slow LDAP operation: search took %d ms, baseDN: %s, filter: %s", ms, kcPeople, filter)
	if !t.Before(p.ready) {
		msg = fmt.Sprintf("LDAP search of %s with filter %s took %d ms (over the 1000 ms threshold)", kcPeople, filter, ms)
	}
	k.log(tr, t, "WARN", "org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager", k.thread(p, t), msg)
}

// leak: Agroal closing a statement Hibernate left open.
func (k *kcLog) leak(t time.Time) {
	p := k.pick(t)
	k.log(routine, t, "WARN", "io.agroal.pool", k.thread(p, t), "Datasource '<default>': JDBC resources leaked: 1 ResultSet(s) and 0 Statement(s)")
}

// disabledUser: someone whose account was disabled in the directory tries to sign in;
// Keycloak logs the failed flow with its stack trace.
func (k *kcLog) disabledUser(t time.Time) {
	g := k.g
	u := pick(g, k.corp.users)
	c := k.corpApps[g.intn(len(k.corpApps)-1)]
	p := k.pick(t)
	th := k.thread(p, t)
	k.log(routine, t, "WARN", "org.keycloak.services", th, "KC-SERVICES0013: Failed authentication: org.keycloak.authentication.AuthenticationFlowException: null", kcFlowTrace...)
	k.event(routine, t.Add(k.ms(0, 3)), p, kcEvent{typ: "LOGIN_ERROR", realm: k.corp, client: c.id, user: u.id, ip: u.ip, err: "user_disabled", thread: th,
		details: []string{"auth_method", "openid-connect", "auth_type", "code", "redirect_uri", c.redirect, "code_id", g.uuid(), "username", u.name}})
}

// duplicateKey: the mobile app refreshing an offline session twice at once; the second
// insert of the client session loses.
func (k *kcLog) duplicateKey(t time.Time) {
	g := k.g
	p := k.pick(t)
	th := k.thread(p, t)
	k.log(routine, t, "WARN", "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", th, "SQL Error: 0, SQLState: 23505")
	k.log(routine, t, "ERROR", "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", th, `ERROR: duplicate key value violates unique constraint "constraint_offl_cl_ses_pk3"`,
		fmt.Sprintf("  Detail: Key (user_session_id, client_id, client_storage_provider, external_client_id, offline_flag)=(%s, %s, local, local, 1) already exists.", g.uuid(), k.mobile.uuid))
}

// Stack traces ------------------------------------------------------------------------

// kcREST is the bottom of every request's stack: RESTEasy Reactive on a Quarkus worker.
var kcREST = []string{
	"\tat org.jboss.resteasy.reactive.server.handlers.InvocationHandler.handle(InvocationHandler.java:29)",
	"\tat io.quarkus.resteasy.reactive.server.runtime.QuarkusResteasyReactiveRequestContext.invokeHandler(QuarkusResteasyReactiveRequestContext.java:141)",
	"\tat org.jboss.resteasy.reactive.common.core.AbstractResteasyReactiveContext.run(AbstractResteasyReactiveContext.java:147)",
	"\tat io.quarkus.vertx.core.runtime.VertxCoreRecorder$14.runWith(VertxCoreRecorder.java:582)",
	"\tat org.jboss.threads.EnhancedQueueExecutor$Task.run(EnhancedQueueExecutor.java:2513)",
	"\tat org.jboss.threads.EnhancedQueueExecutor$ThreadBody.run(EnhancedQueueExecutor.java:1538)",
	"\tat org.jboss.threads.DelegatingRunnable.run(DelegatingRunnable.java:29)",
	"\tat org.jboss.threads.ThreadLocalResettingRunnable.run(ThreadLocalResettingRunnable.java:29)",
	"\tat io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

// kcFormFrames is the login form's submission down to the authenticator.
var kcFormFrames = []string{
	"\tat org.keycloak.authentication.DefaultAuthenticationFlow.processAction(DefaultAuthenticationFlow.java:168)",
	"\tat org.keycloak.authentication.AuthenticationProcessor.authenticationAction(AuthenticationProcessor.java:1005)",
	"\tat org.keycloak.services.resources.LoginActionsService.processFlow(LoginActionsService.java:353)",
	"\tat org.keycloak.services.resources.LoginActionsService.processAuthentication(LoginActionsService.java:324)",
	"\tat org.keycloak.services.resources.LoginActionsService.authenticate(LoginActionsService.java:308)",
	"\tat org.keycloak.services.resources.LoginActionsService.authenticateForm(LoginActionsService.java:380)",
	"\tat org.keycloak.services.resources.LoginActionsService$quarkusrestinvoker$authenticateForm_7d7fbc8bbf4d2b7e8f6cfb17c6c2b2ad0e2f5d4a.invoke(Unknown Source)",
}

// kcFlowTrace is an AuthenticationFlowException's trace: the flow refused a user.
var kcFlowTrace = append([]string{
	"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.enabledUser(AbstractUsernameFormAuthenticator.java:219)",
	"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.validateUser(AbstractUsernameFormAuthenticator.java:184)",
	"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.validateUserAndPassword(AbstractUsernameFormAuthenticator.java:162)",
	"\tat org.keycloak.authentication.authenticators.browser.UsernamePasswordForm.validateForm(UsernamePasswordForm.java:61)",
	"\tat org.keycloak.authentication.authenticators.browser.UsernamePasswordForm.action(UsernamePasswordForm.java:54)",
}, append(append([]string{}, kcFormFrames...), kcREST...)...)

// Benign changes -----------------------------------------------------------------------

// thinned calls fn at the times of a Poisson process of rate(t) <= max events a second
// (a ramp from 0 would otherwise wait for its first event as long as its rate is small).
func (k *kcLog) thinned(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	k.g.arrivals(from, to, func(time.Time) float64 { return max }, func(t time.Time) {
		if k.g.rng.Float64()*max < rate(t) {
			fn(t)
		}
	})
}

// newApp: an administrator registers loyalty-app (the client, its secret, its roles, a
// scope and a mapper); the app is released a few minutes later and its sign-ins ramp
// up over half an hour. Its www. callback was left out of the redirect URIs, so the
// first sign-ins from there fail until the admin adds it.
func (k *kcLog) newApp() {
	g := k.g
	tr, a, c := k.newClient.truth(), k.admins[0], k.loyalty
	s, at := k.signIn(tr, k.newClient.start, k.console, a, a.ip, kcCookie, nil)
	next := func(lo, hi int) time.Time { at = at.Add(k.ms(lo, hi)); return at }
	k.adminEvent(tr, next(40_000, 90_000), a, "CREATE", k.shop, "CLIENT", "clients/"+c.uuid)
	k.adminEvent(tr, next(10_000, 40_000), a, "UPDATE", k.shop, "CLIENT", "clients/"+c.uuid)
	k.adminEvent(tr, next(5000, 20_000), a, "ACTION", k.shop, "CLIENT", "clients/"+c.uuid+"/client-secret")
	for _, r := range []string{"member", "gold-member"} {
		k.adminEvent(tr, next(8000, 25_000), a, "CREATE", k.shop, "CLIENT_ROLE", "clients/"+c.uuid+"/roles/"+r)
	}
	k.adminEvent(tr, next(10_000, 30_000), a, "CREATE", k.shop, "CLIENT_SCOPE_CLIENT_MAPPING", "clients/"+c.uuid+"/default-client-scopes/"+g.uuid())
	k.adminEvent(tr, next(10_000, 40_000), a, "CREATE", k.shop, "PROTOCOL_MAPPER", "clients/"+c.uuid+"/protocol-mappers/models/"+g.uuid())
	k.activity(tr, k.console, s, at, k.mins(2, 0.3))

	live := at.Add(k.mins(4, 0.2))
	fix := live.Add(k.mins(9, 0.15))
	k.adminEvent(tr, fix, a, "UPDATE", k.shop, "CLIENT", "clients/"+c.uuid)
	k.thinned(live, k.end, 0.45, func(t time.Time) float64 { return 0.38 * rampUp(t, live, 30*time.Minute) * k.traffic(t) }, func(t time.Time) {
		if t.Before(fix) && g.chance(0.3) {
			k.event(tr, t, k.pick(t), kcEvent{typ: "LOGIN_ERROR", realm: k.shop, client: c.id, ip: g.publicIP(), err: "invalid_redirect_uri",
				details: []string{"redirect_uri", "https://www.loyalty.example.com/auth/callback"}})
			return
		}
		k.shopVisit(tr, t, c)
	})
}

// realmChange: an administrator turns on login with email and remember me for the shop,
// switches its login theme, and clears the realm and user caches so that every pod
// renders the new pages at once.
func (k *kcLog) realmChange() {
	tr, a := k.realmCfg.truth(), k.admins[1]
	s, _ := k.signIn(tr, k.realmCfg.start, k.console, a, a.ip, kcCookie, nil)
	at := k.cfgAt
	next := func(lo, hi int) time.Time { at = at.Add(k.ms(lo, hi)); return at }
	k.adminEvent(tr, k.cfgAt, a, "UPDATE", k.shop, "REALM", "")
	k.adminEvent(tr, next(20_000, 60_000), a, "UPDATE", k.shop, "REALM", "")
	k.adminEvent(tr, next(15_000, 40_000), a, "UPDATE", k.shop, "REALM_LOCALIZATION", "localization/de")
	k.adminEvent(tr, next(10_000, 30_000), a, "ACTION", k.shop, "REALM", "clear-realm-cache")
	k.adminEvent(tr, next(2000, 8000), a, "ACTION", k.shop, "REALM", "clear-user-cache")
	k.activity(tr, k.console, s, at, k.mins(3, 0.3))
}

// rollingUpgrade: the StatefulSet rolls to the 24.0.5 image, keycloak-2 first: each pod
// leaves the cluster and stops, the others rebalance the caches without it, the new pod
// starts, joins, and the caches rebalance again before the next pod goes.
func (k *kcLog) rollingUpgrade() {
	tr := k.upgrade.truth()
	t := k.upgrade.start
	for _, i := range []int{2, 1, 0} {
		p := k.pods[i]
		p.stop = t
		k.log(tr, t, "INFO", "org.infinispan.CLUSTER", "Shutdown thread", "ISPN000080: Disconnecting JGroups channel `ISPN`")
		k.log(tr, t.Add(k.ms(300, 900)), "INFO", "io.quarkus", "Shutdown thread", fmt.Sprintf("Keycloak stopped in %.3fs", k.g.lognormal(0.6, 0.3)))
		k.leave(tr, t.Add(k.ms(20, 200)), p)
		p.ready = k.startup(tr, p, t.Add(k.ms(25_000, 45_000)))
		t = p.ready.Add(k.ms(8000, 20_000))
	}
}

// view writes the new cluster view as each member receives it (the new member on its
// start-up thread), and returns it.
func (k *kcLog) newView(tr truth, at time.Time, joiner *kcPod) string {
	k.view++
	var names []string
	for _, m := range k.members {
		names = append(names, m.nodeAt(at))
	}
	v := fmt.Sprintf("[%s|%d] (%d) [%s]", names[0], k.view, len(names), strings.Join(names, ", "))
	for _, m := range k.members {
		th := fmt.Sprintf("jgroups-%d,%s", k.g.between(3, 24), m.nodeAt(at))
		if m == joiner {
			th = "keycloak-cache-init"
		}
		k.log(tr, at.Add(k.ms(0, 40)), "INFO", "org.infinispan.CLUSTER", th, "ISPN000094: Received new cluster view for channel ISPN: "+v)
	}
	return v
}

// rebalance is the coordinator moving each clustered cache's segments to its members.
func (k *kcLog) rebalance(tr truth, at time.Time, update bool) time.Time {
	var names []string
	for _, m := range k.members {
		names = append(names, m.nodeAt(at))
	}
	list := "[" + strings.Join(names, ", ") + "]"
	for _, c := range kcCaches {
		th := func() string { return fmt.Sprintf("non-blocking-thread--p2-t%d", k.g.between(1, 8)) }
		line := func(msg string) {
			at = at.Add(k.ms(1, 25))
			k.topo[c]++
			k.log(tr, at, "INFO", "org.infinispan.CLUSTER", th(), fmt.Sprintf("[Context=%s] %s, topology id %d", c, msg, k.topo[c]))
		}
		if update {
			line("ISPN100008: Updating cache members list " + list)
		}
		line("ISPN100002: Starting rebalance with members " + list + ", phase READ_OLD_WRITE_ALL")
		at = at.Add(k.ms(20, 400)) // state transfer
		line("ISPN100009: Advancing to rebalance phase READ_ALL_WRITE_ALL")
		line("ISPN100009: Advancing to rebalance phase READ_NEW_WRITE_ALL")
		line("ISPN100010: Finished rebalance with members " + list)
	}
	return at
}

// leave is p leaving the cluster: the others install the view without it, a new
// coordinator recovers the caches' topologies if p was the coordinator, and the caches
// rebalance.
func (k *kcLog) leave(tr truth, at time.Time, p *kcPod) time.Time {
	name := p.node // the name it had while it ran
	if !at.Before(p.ready) {
		name = p.node2
	}
	wasCoord := k.members[0] == p
	var rest []*kcPod
	for _, m := range k.members {
		if m != p {
			rest = append(rest, m)
		}
	}
	k.members = rest
	k.newView(tr, at, nil)
	at = at.Add(k.ms(5, 60))
	coord := k.members[0]
	th := fmt.Sprintf("jgroups-%d,%s", k.g.between(3, 24), coord.nodeAt(at))
	if wasCoord {
		var names []string
		for _, m := range k.members {
			names = append(names, m.nodeAt(at))
		}
		for _, c := range kcCaches {
			k.topo[c]++
			k.log(tr, at.Add(k.ms(0, 20)), "INFO", "org.infinispan.CLUSTER", th,
				fmt.Sprintf("[Context=%s] ISPN100007: After merge (or coordinator change), recovered members [%s] with topology id %d", c, strings.Join(names, ", "), k.topo[c]))
		}
	} else {
		k.log(tr, at, "INFO", "org.infinispan.CLUSTER", th, fmt.Sprintf("ISPN100001: Node %s left the cluster", name))
	}
	return k.rebalance(tr, at.Add(k.ms(10, 80)), true)
}

// startup is a pod starting (24.0.5 once upgraded) and joining the cluster; it returns
// when the pod is ready for traffic.
func (k *kcLog) startup(tr truth, p *kcPod, at time.Time) time.Time {
	g := k.g
	node := p.node2
	next := func(lo, hi int) time.Time { at = at.Add(k.ms(lo, hi)); return at }
	began := at
	k.log(tr, at, "INFO", "org.keycloak.quarkus.runtime.hostname.DefaultHostnameProvider", "main",
		"Hostname settings: Base URL: <unset>, Hostname: sso.example.com, Strict HTTPS: false, Path: <request>, Strict BackChannel: false, Admin URL: <unset>, Admin: <request>, Port: -1, Proxied: true")
	k.log(tr, next(1500, 3000), "WARN", "io.quarkus.agroal.runtime.DataSources", "JPA Startup Thread",
		"Datasource <default> enables XA but transaction recovery is not enabled. Please enable transaction recovery by setting quarkus.transaction-manager.enable-recovery=true, otherwise data may be lost if the application is terminated abruptly")
	k.log(tr, next(800, 1600), "INFO", "org.keycloak.common.crypto.CryptoIntegration", "main", "Detected crypto provider: org.keycloak.crypto.def.DefaultCryptoProvider")
	k.log(tr, next(900, 2000), "WARN", "org.infinispan.CONFIG", "keycloak-cache-init", "ISPN000569: Unable to persist Infinispan internal caches as no global state enabled")
	k.log(tr, next(20, 80), "INFO", "org.infinispan.CONTAINER", "keycloak-cache-init", "ISPN000556: Starting user marshaller 'org.infinispan.jboss.marshalling.core.JBossUserMarshaller'")
	k.log(tr, next(200, 500), "INFO", "org.infinispan.CLUSTER", "keycloak-cache-init", "ISPN000078: Starting JGroups channel `ISPN` with stack `kubernetes`")
	k.log(tr, next(50, 200), "INFO", "org.jgroups.JChannel", "keycloak-cache-init", fmt.Sprintf("local_addr: %s, name: %s", g.uuid(), node))
	k.log(tr, next(5, 30), "INFO", "org.jgroups.protocols.FD_SOCK2", "jgroups-5,"+node, "server listening on *.57800")
	k.members = append(k.members, p)
	k.newView(tr, next(300, 1200), p)
	k.log(tr, next(10, 50), "INFO", "org.infinispan.CLUSTER", "keycloak-cache-init", fmt.Sprintf("ISPN000079: Channel `ISPN` local address is `%s`, physical addresses are `[%s:7800]`", node, p.ip))
	coord := k.members[0]
	k.log(tr, at.Add(k.ms(5, 30)), "INFO", "org.infinispan.CLUSTER", fmt.Sprintf("jgroups-%d,%s", g.between(3, 24), coord.nodeAt(at)), fmt.Sprintf("ISPN100000: Node %s joined the cluster", node))
	end := k.rebalance(tr, at.Add(k.ms(100, 400)), false)
	k.log(tr, next(600, 1500), "INFO", "org.keycloak.connections.infinispan.DefaultInfinispanConnectionProviderFactory", "main", fmt.Sprintf("Node name: %s, Site name: null", node))
	if end.After(at) {
		at = end
	}
	next(1500, 3500)
	p.version, p.quarks = "24.0.5", "3.8.4"
	k.log(tr, at, "INFO", "io.quarkus", "main", fmt.Sprintf("Keycloak %s on JVM (powered by Quarkus %s) started in %.3fs. Listening on: http://0.0.0.0:8080", p.version, p.quarks, at.Sub(began).Seconds()+g.normal(2.2, 0.3)))
	k.log(tr, next(0, 2), "INFO", "io.quarkus", "main", "Profile prod activated.")
	k.log(tr, next(0, 2), "INFO", "io.quarkus", "main", "Installed features: [agroal, cdi, hibernate-orm, jdbc-h2, jdbc-mariadb, jdbc-mssql, jdbc-mysql, jdbc-oracle, jdbc-postgresql, keycloak, logging-gelf, micrometer, narayana-jta, reactive-routes, resteasy-reactive, resteasy-reactive-jackson, smallrye-context-propagation, smallrye-health, vertx]")
	return at.Add(k.ms(3000, 9000)) // the readiness probe's next pass
}

// resetCampaign: the shop's newsletter invites customers back with a new password; for
// 20 minutes resets are requested (some for addresses nobody has), the links clicked,
// new passwords set, and more customers than usual sign in.
func (k *kcLog) resetCampaign() {
	g := k.g
	tr, c, from := k.campaign.truth(), k.webShop, k.campaign.start
	shape := func(t time.Time) float64 {
		return rampUp(t, from, 3*time.Minute) * (1 - rampUp(t, from.Add(16*time.Minute), 4*time.Minute))
	}
	k.thinned(from, from.Add(20*time.Minute), 0.8, func(t time.Time) float64 { return 0.8 * shape(t) * k.traffic(t) }, func(t time.Time) {
		k.shopVisit(tr, t, c)
	})
	k.thinned(from, from.Add(20*time.Minute), 1.4, func(t time.Time) float64 { return 1.4 * shape(t) }, func(t time.Time) {
		u := pick(g, k.shop.users)
		ip := u.ip
		if g.chance(0.4) {
			ip = g.publicIP()
		}
		code := g.uuid()
		d := []string{"auth_method", "openid-connect", "auth_type", "code", "redirect_uri", c.redirect, "code_id", code}
		if g.chance(0.12) {
			k.event(tr, t, k.pick(t), kcEvent{typ: "RESET_PASSWORD_ERROR", realm: k.shop, client: c.id, ip: ip, err: "user_not_found",
				details: append(d, "username", kcTypo(g, u.email))})
			return
		}
		k.event(tr, t, k.pick(t), kcEvent{typ: "SEND_RESET_PASSWORD", realm: k.shop, client: c.id, user: u.id, ip: ip,
			details: append(d, "username", u.email, "email", u.email)})
		if !g.chance(0.8) {
			return
		}
		t = t.Add(time.Duration(math.Min(g.lognormal(150, 0.6), 420) * float64(time.Second)))
		if g.chance(0.05) { // the link of an earlier request, or clicked twice
			k.event(tr, t, k.pick(t), kcEvent{typ: "RESET_PASSWORD_ERROR", realm: k.shop, client: c.id, user: u.id, ip: ip, err: "expired_code",
				details: append(d, "username", u.email)})
			return
		}
		t = t.Add(k.ms(15_000, 90_000))
		s := &kcSession{id: code, u: u, pod: k.pick(t), at: t, ip: ip, own2: g.chance(2.0 / 3)}
		k.event(tr, t, s.pod, kcEvent{typ: "UPDATE_PASSWORD", realm: k.shop, client: c.id, user: u.id, session: s.id, ip: ip,
			details: []string{"auth_method", "openid-connect", "custom_required_action", "UPDATE_PASSWORD", "redirect_uri", c.redirect, "code_id", code, "username", u.email}})
		t = t.Add(k.ms(20, 120))
		k.event(tr, t, s.pod, kcEvent{typ: "RESET_PASSWORD", realm: k.shop, client: c.id, user: u.id, session: s.id, ip: ip, details: append(d, "username", u.email)})
		t = t.Add(k.ms(40, 700))
		k.codeToToken(tr, t, k.pick(t), c, s)
		k.activity(tr, c, s, t, k.mins(c.active, 0.8))
	})
}

// Incidents ----------------------------------------------------------------------------

func (k *kcLog) ldapDown(t time.Time) bool { return within(t, k.ldapAt, k.ldapFix.Sub(k.ldapAt)) }

// sees reports whether pod p finds at t the session s: during the split, keycloak-2
// holds only the sessions it kept a copy of (two in three) and the sessions created on
// it since; the other side loses none of the old ones but none of keycloak-2's new ones
// reach it.
func (k *kcLog) sees(p *kcPod, t time.Time, s *kcSession) bool {
	if s == nil || !within(t, k.splitAt, k.mergeAt.Sub(k.splitAt)) {
		return true
	}
	if s.at.Before(k.splitAt) {
		return p != k.cut || s.own2
	}
	return (s.pod == k.cut) == (p == k.cut)
}

// fault is what an incident does to a request at t on p that needs a database
// connection (or, in the split's first seconds, a remote cache call) with probability
// need: the pool dry, or a call to a member that no longer answers. It writes the
// failure and returns its truth.
func (k *kcLog) fault(t time.Time, p *kcPod, need float64, frames []string) (truth, bool) {
	switch {
	case within(t, k.poolAt, k.poolFix.Sub(k.poolAt)) && k.g.chance(0.35*need*rampUp(t, k.poolAt, 40*time.Second)):
		k.poolError(t, p, frames)
		return incident(kcPoolDry), true
	case within(t, k.splitAt, k.viewAt.Sub(k.splitAt)) && k.g.chance(0.3*need):
		k.clusterTimeout(t, p, frames)
		return incident(kcSplit), true
	}
	return routine, false
}

// ldapFailure is a password check the directory does not answer: the connection times
// out after 10 s (or a pooled connection's search does), the flow fails with the
// exception, and the event says the credentials were wrong or the user unknown.
func (k *kcLog) ldapFailure(t time.Time, c *kcClient, u *kcUser, ip string) {
	g := k.g
	tr := incident(kcLDAPDown)
	p := k.pick(t)
	th := k.thread(p, t)
	at := t.Add(10*time.Second + k.ms(0, 60))
	read := g.chance(0.3)
	cause := "javax.naming.CommunicationException: " + kcLDAP + " [Root exception is java.net.SocketTimeoutException: Connect timed out]"
	if read {
		cause = "javax.naming.NamingException: LDAP response read timed out, timeout used: 10000 ms."
		k.slowSearch(tr, at, p, u, int(at.Sub(t).Milliseconds()))
	}
	k.log(tr, at, "ERROR", "org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager", th,
		fmt.Sprintf("Could not query server using DN [%s] and filter [(&(uid=%s)(objectclass=inetOrgPerson)(objectclass=organizationalPerson))]: %s", kcPeople, u.name, cause))
	k.log(tr, at.Add(k.ms(0, 3)), "WARN", "org.keycloak.services", th,
		"KC-SERVICES0013: Failed authentication: org.keycloak.models.ModelException: Querying of LDAP failed org.keycloak.storage.ldap.idm.query.internal.LDAPQuery@"+g.hex(8),
		kcLDAPTrace(append(append([]string{}, kcPasswordFrames...), append(kcFormFrames, kcREST...)...), read)...)
	err, user := "invalid_user_credentials", u.id
	if g.chance(0.3) {
		err, user = "user_not_found", ""
	}
	k.event(tr, at.Add(k.ms(4, 7)), p, kcEvent{typ: "LOGIN_ERROR", realm: c.realm, client: c.id, user: user, ip: ip, err: err, thread: th,
		details: []string{"auth_method", "openid-connect", "auth_type", "code", "redirect_uri", c.redirect, "code_id", g.uuid(), "username", u.name}})
}

// poolError is a request that waited out the 5 s acquisition timeout for a database
// connection: Hibernate's two lines and the error handler's stack trace, a 500.
func (k *kcLog) poolError(t time.Time, p *kcPod, frames []string) {
	tr := incident(kcPoolDry)
	at := t.Add(5*time.Second + k.ms(0, 40))
	th := k.thread(p, t)
	k.log(tr, at, "WARN", "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", th, "SQL Error: 0, SQLState: null")
	k.log(tr, at, "ERROR", "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", th, "Acquisition timeout while waiting for new connection")
	k.log(tr, at.Add(k.ms(0, 3)), "ERROR", "org.keycloak.services.error.KeycloakErrorHandler", th,
		"Uncaught server error: org.hibernate.exception.GenericJDBCException: Unable to acquire JDBC Connection [Acquisition timeout while waiting for new connection] [n/a]", kcPoolTrace(frames)...)
}

// clusterTimeout is a request whose cache write waited on the member across the cut:
// after 15 s it times out, or, once the member is suspected, fails at once.
func (k *kcLog) clusterTimeout(t time.Time, p *kcPod, frames []string) {
	g := k.g
	tr := incident(kcSplit)
	target := k.cut
	if p == k.cut {
		target = k.members[g.intn(len(k.members))]
		for target == k.cut {
			target = k.members[g.intn(len(k.members))]
		}
	}
	at := t.Add(15*time.Second + k.ms(0, 20))
	exc := "org.infinispan.util.concurrent.TimeoutException"
	// Each node numbers its remote requests from its start, some twenty a second.
	since := t.Sub(p.ready)
	if since < 0 {
		since = t.Sub(k.start) + 30*time.Hour
	}
	id := int(since.Seconds()*21) + g.intn(20)
	msg := fmt.Sprintf("ISPN000476: Timed out waiting for responses for request %d from %s after 15 seconds", id, target.nodeAt(t))
	if at.After(k.viewAt) {
		at = k.viewAt.Add(k.ms(2, 300))
		exc, msg = "org.infinispan.remoting.transport.jgroups.SuspectException", fmt.Sprintf("ISPN000400: Node %s was suspected", target.nodeAt(t))
	}
	cache := pick(g, []string{"sessions", "sessions", "clientSessions", "authenticationSessions", "loginFailures"})
	k.log(tr, at, "ERROR", "org.infinispan.interceptors.impl.InvocationContextInterceptor", fmt.Sprintf("timeout-thread--p4-t%d", g.between(1, 2)),
		fmt.Sprintf("ISPN000136: Error executing command %s on Cache '%s', writing keys [%s]", pick(g, []string{"ReplaceCommand", "ComputeCommand", "PutKeyValueCommand"}), cache, g.uuid()),
		append([]string{exc + ": " + msg}, kcTimeoutFrames...)...)
	trace := append(append([]string{}, kcRemoteFrames...), frames...)
	k.log(tr, at.Add(k.ms(1, 4)), "ERROR", "org.keycloak.services.error.KeycloakErrorHandler", k.thread(p, t), "Uncaught server error: "+exc+": "+msg, append(trace, kcREST...)...)
}

// ldapOutage is the directory's side of its outage: the periodic sync of changed users
// failing.
func (k *kcLog) ldapOutage(t time.Time) {
	tr := incident(kcLDAPDown)
	k.log(tr, t.Add(10*time.Second), "ERROR", "org.keycloak.services.scheduled.ScheduledTaskRunner", "Timer-0", "Failed to run scheduled task UserStorageSyncTask",
		kcLDAPTrace(kcSyncFrames, false)...)
}

// stuffing: bots replay a leaked list of email and password pairs against the shop's
// login form from a few hundred addresses. Most addresses are not the shop's; the
// customers' own are tried several times, and the brute force detector locks each after
// five failures for 15 minutes. A few passwords were reused and work. An administrator
// tightens the detector's settings ten minutes in; the WAF's rule stops the bots from
// minute 11, and the administrator clears the lockouts once it is over. Planned before
// the customers' own sign-ins, which find their accounts locked.
func (k *kcLog) stuffing() {
	g := k.g
	tr, c := incident(kcStuffing), k.webShop
	var ips []string
	for i := 0; i < 310; i++ {
		ips = append(ips, g.publicIP())
	}
	var targets []*kcUser
	for i := 0; i < 380; i++ {
		targets = append(targets, pick(g, k.shop.users))
	}
	fails := map[*kcUser]int{}
	clear := k.stuffEnd.Add(k.ms(120_000, 300_000))
	form := func(name string) []string {
		return []string{"auth_method", "openid-connect", "auth_type", "code", "response_type", "code", "redirect_uri", c.redirect,
			"consent", "no_consent_required", "code_id", g.uuid(), "response_mode", "query", "username", name}
	}
	rate := func(t time.Time) float64 {
		return 9 * rampUp(t, k.stuffAt, 2*time.Minute) * (1 - rampUp(t, k.stuffAt.Add(11*time.Minute), 4*time.Minute))
	}
	k.thinned(k.stuffAt, k.stuffEnd, 9, rate, func(t time.Time) {
		ip, p := pick(g, ips), k.pick(t)
		switch {
		case g.chance(0.08): // a bot that does not keep cookies
			k.event(tr, t, p, kcEvent{typ: "LOGIN_ERROR", realm: k.shop, client: c.id, ip: ip, err: "cookie_not_found"})
			return
		case !g.chance(0.3):
			name := fmt.Sprintf("%s.%s%d@%s", pick(g, kcFirst), pick(g, kcLast), g.between(1, 99), pick(g, []string{"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "mail.ru"}))
			k.event(tr, t, p, kcEvent{typ: "LOGIN_ERROR", realm: k.shop, client: c.id, ip: ip, err: "user_not_found", details: form(name)})
			return
		}
		u := pick(g, targets)
		switch {
		case u.locked(t):
			k.event(tr, t, p, kcEvent{typ: "LOGIN_ERROR", realm: k.shop, client: c.id, user: u.id, ip: ip, err: "user_temporarily_disabled", details: form(u.email)})
		case g.chance(0.005): // a password reused from the leaked site
			s := &kcSession{id: g.uuid(), u: u, pod: p, at: t, ip: ip, own2: g.chance(2.0 / 3)}
			k.event(tr, t, p, kcEvent{typ: "LOGIN", realm: k.shop, client: c.id, user: u.id, session: s.id, ip: ip, details: form(u.email)})
			at := t.Add(k.ms(40, 500))
			k.codeToToken(tr, at, k.pick(at), c, s)
		default:
			k.event(tr, t, p, kcEvent{typ: "LOGIN_ERROR", realm: k.shop, client: c.id, user: u.id, ip: ip, err: "invalid_user_credentials", details: form(u.email)})
			if fails[u]++; fails[u]%5 == 0 {
				until := t.Add(15 * time.Minute)
				if until.After(clear) {
					until = clear
				}
				u.locks = append(u.locks, [2]time.Time{t, until})
				u.lockTr = tr
				k.event(tr, t.Add(k.ms(1, 30)), p, kcEvent{typ: "USER_DISABLED_BY_TEMPORARY_LOCKOUT", realm: k.shop, client: c.id, user: u.id, ip: ip, thread: "Brute Force Protector"})
			}
		}
	})
	a := k.admins[2]
	s, at := k.signIn(tr, k.stuffAt.Add(k.mins(8, 0.1)), k.console, a, a.ip, kcPassword, nil)
	k.adminEvent(tr, at.Add(k.ms(40_000, 120_000)), a, "UPDATE", k.shop, "REALM", "")
	k.activity(tr, k.console, s, at, k.mins(4, 0.3))
	s, at = k.signIn(tr, clear.Add(-k.ms(20_000, 60_000)), k.console, a, a.ip, kcPassword, nil)
	k.adminEvent(tr, clear, a, "DELETE", k.shop, "USER_LOGIN_FAILURE", "attack-detection/brute-force/users")
	k.activity(tr, k.console, s, at, k.mins(2, 0.3))
}

// poolOutage is the pool's side of its exhaustion: the scheduled clean-up of expired
// events failing too, and the worker pools grown to their largest (see thread).
func (k *kcLog) poolOutage() {
	at := k.poolAt.Add(k.ms(60_000, 150_000))
	k.log(incident(kcPoolDry), at.Add(5*time.Second), "ERROR", "org.keycloak.services.scheduled.ScheduledTaskRunner", "Timer-0", "Failed to run scheduled task ClearExpiredEvents",
		kcPoolTrace(kcClearEventsFrames)[1:]...)
}

// split: keycloak-2's node loses its pod network for nine minutes (its CNI agent
// restarting) while the ingress still reaches it. JGroups cannot send across; 40 s on,
// each side suspects the other and installs a view without it: keycloak-2 alone (it
// was the coordinator: split brain, ISPN000314), keycloak-1 the new coordinator of the
// other two. The network comes back and MERGE3 merges the views; the caches rebalance.
func (k *kcLog) split() {
	g := k.g
	tr := incident(kcSplit)
	cut := k.cut
	var rest []*kcPod
	for _, m := range k.members {
		if m != cut {
			rest = append(rest, m)
		}
	}
	send := func(from, to *kcPod, at time.Time) {
		k.log(tr, at, "WARN", "org.jgroups.protocols.TCP", fmt.Sprintf("TQ-Bundler-%d,%s", g.between(1, 9), from.nodeAt(at)),
			fmt.Sprintf("JGRP000034: %s: failure sending message to %s: java.net.SocketTimeoutException: connect timed out", from.nodeAt(at), to.nodeAt(at)))
	}
	for _, p := range k.members {
		var across []*kcPod
		if p == cut {
			across = rest
		} else {
			across = []*kcPod{cut}
		}
		g.arrivals(k.splitAt.Add(time.Second), k.mergeAt, func(t time.Time) float64 {
			if t.Before(k.viewAt) {
				return 1.0 / 4
			}
			return 1.0 / 30 // merge and discovery attempts
		}, func(t time.Time) { send(p, across[g.intn(len(across))], t) })
	}
	suspect := func(p *kcPod, other *kcPod) {
		at := k.viewAt.Add(-k.ms(600, 1500))
		k.log(tr, at, "WARN", "org.jgroups.protocols.FD_ALL3", fmt.Sprintf("Timer-%d,%s", g.between(2, 5), p.nodeAt(at)),
			fmt.Sprintf("%s: haven't received a heartbeat from %s in timeout period (40000 ms), adding it to suspect list", p.nodeAt(at), other.nodeAt(at)))
	}
	for _, p := range rest {
		suspect(p, cut)
		suspect(cut, p)
	}

	// The other two: a view without keycloak-2.
	view, topo := k.view, map[string]int{}
	for c, n := range k.topo {
		topo[c] = n
	}
	bigView := kcViewString(k.view+1, rest, k.viewAt)
	k.leave(tr, k.viewAt, cut)
	// keycloak-2 alone, its caches' topologies going on from where they were.
	saved, savedTopo := k.members, k.topo
	k.members, k.view, k.topo = []*kcPod{cut}, view, topo
	at := k.viewAt.Add(k.ms(0, 50))
	lone := k.newView(tr, at, nil)
	var lost []string
	for _, p := range rest {
		lost = append(lost, p.nodeAt(at))
	}
	th := fmt.Sprintf("jgroups-%d,%s", g.between(3, 24), cut.nodeAt(at))
	for _, p := range rest {
		k.log(tr, at.Add(k.ms(1, 10)), "INFO", "org.infinispan.CLUSTER", th, fmt.Sprintf("ISPN100001: Node %s left the cluster", p.nodeAt(at)))
	}
	for _, c := range kcCaches {
		k.log(tr, at.Add(k.ms(10, 40)), "WARN", "org.infinispan.CLUSTER", th,
			fmt.Sprintf("[Context=%s] ISPN000314: Lost at least half of the stable members, possible split brain causing data inconsistency. Current members are [%s], lost members are [%s], stable members are [%s]",
				c, cut.nodeAt(at), strings.Join(lost, ", "), strings.Join(append(lost, cut.nodeAt(at)), ", ")))
	}
	k.rebalance(tr, at.Add(k.ms(50, 200)), true)
	lonely := k.topo
	k.members, k.topo = saved, savedTopo

	// The merge: MERGE3 notices the subgroups within half a minute of the network's
	// return.
	at = k.mergeAt.Add(-k.ms(5000, 25_000))
	for c, n := range lonely {
		k.topo[c] = max(k.topo[c], n)
	}
	k.members = append(k.members, cut)
	k.view++
	merged := fmt.Sprintf("MergeView::%s, 2 subgroups: %s, %s", kcViewString(k.view, k.members, at), bigView, lone)
	for _, m := range k.members {
		mt := fmt.Sprintf("jgroups-%d,%s", g.between(3, 24), m.nodeAt(at))
		k.log(tr, at.Add(k.ms(0, 40)), "INFO", "org.infinispan.CLUSTER", mt, "ISPN000093: Received new, MERGED cluster view for channel ISPN: "+merged)
	}
	coord := k.members[0]
	th = fmt.Sprintf("jgroups-%d,%s", g.between(3, 24), coord.nodeAt(at))
	var names []string
	for _, m := range k.members {
		names = append(names, m.nodeAt(at))
	}
	at = at.Add(k.ms(40, 120))
	for _, c := range kcCaches {
		k.topo[c]++
		k.log(tr, at.Add(k.ms(0, 20)), "INFO", "org.infinispan.CLUSTER", th,
			fmt.Sprintf("[Context=%s] ISPN100007: After merge (or coordinator change), recovered members [%s] with topology id %d", c, strings.Join(names, ", "), k.topo[c]))
	}
	k.rebalance(tr, at.Add(k.ms(30, 100)), true)
}

// kcViewString is a JGroups view: [coordinator|id] (size) [members].
func kcViewString(id int, members []*kcPod, at time.Time) string {
	var names []string
	for _, m := range members {
		names = append(names, m.nodeAt(at))
	}
	return fmt.Sprintf("[%s|%d] (%d) [%s]", names[0], id, len(names), strings.Join(names, ", "))
}

// More stack traces ----------------------------------------------------------------------

// kcTokenTail is the token endpoint down to its invoker.
var kcTokenTail = []string{
	"\tat org.keycloak.protocol.oidc.endpoints.TokenEndpoint.processGrantRequestInternal(TokenEndpoint.java:220)",
	"\tat org.keycloak.protocol.oidc.endpoints.TokenEndpoint.processGrantRequest(TokenEndpoint.java:191)",
	"\tat org.keycloak.protocol.oidc.endpoints.TokenEndpoint$quarkusrestinvoker$processGrantRequest_6408e15340992839b66447750c221d9aaa837bd7.invoke(Unknown Source)",
}

var kcUserByID = []string{
	"\tat org.keycloak.models.jpa.JpaUserProvider.getUserById(JpaUserProvider.java:547)",
	"\tat org.keycloak.storage.UserStorageManager.getUserById(UserStorageManager.java:431)",
	"\tat org.keycloak.models.cache.infinispan.UserCacheSession.getUserById(UserCacheSession.java:225)",
}

func kcFrames(parts ...[]string) []string {
	var l []string
	for _, p := range parts {
		l = append(l, p...)
	}
	return l
}

// The frames from a database call to the endpoint, for each kind of request.
var (
	kcUsernameFrames = kcFrames([]string{
		"\tat org.keycloak.models.jpa.JpaUserProvider.getUserByUsername(JpaUserProvider.java:563)",
		"\tat org.keycloak.storage.UserStorageManager.getUserByUsername(UserStorageManager.java:447)",
		"\tat org.keycloak.models.cache.infinispan.UserCacheSession.getUserByUsername(UserCacheSession.java:318)",
		"\tat org.keycloak.models.utils.KeycloakModelUtils.findUserByNameOrEmail(KeycloakModelUtils.java:300)",
		"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.getUser(AbstractUsernameFormAuthenticator.java:212)",
		"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.validateUserAndPassword(AbstractUsernameFormAuthenticator.java:161)",
		"\tat org.keycloak.authentication.authenticators.browser.UsernamePasswordForm.validateForm(UsernamePasswordForm.java:61)",
		"\tat org.keycloak.authentication.authenticators.browser.UsernamePasswordForm.action(UsernamePasswordForm.java:54)",
	}, kcFormFrames)
	kcSSOFrames = kcFrames(kcUserByID, []string{
		"\tat org.keycloak.models.sessions.infinispan.UserSessionAdapter.getUser(UserSessionAdapter.java:212)",
		"\tat org.keycloak.services.managers.AuthenticationManager.verifyIdentityToken(AuthenticationManager.java:1493)",
		"\tat org.keycloak.services.managers.AuthenticationManager.authenticateIdentityCookie(AuthenticationManager.java:913)",
		"\tat org.keycloak.authentication.authenticators.browser.CookieAuthenticator.authenticate(CookieAuthenticator.java:42)",
		"\tat org.keycloak.authentication.DefaultAuthenticationFlow.processSingleFlowExecutionModel(DefaultAuthenticationFlow.java:443)",
		"\tat org.keycloak.authentication.DefaultAuthenticationFlow.processFlow(DefaultAuthenticationFlow.java:251)",
		"\tat org.keycloak.authentication.AuthenticationProcessor.authenticateOnly(AuthenticationProcessor.java:1050)",
		"\tat org.keycloak.protocol.AuthorizationEndpointBase.handleBrowserAuthenticationRequest(AuthorizationEndpointBase.java:138)",
		"\tat org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint.buildAuthorizationCodeAuthorizationResponse(AuthorizationEndpoint.java:414)",
		"\tat org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint.process(AuthorizationEndpoint.java:209)",
		"\tat org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint.buildGet(AuthorizationEndpoint.java:123)",
		"\tat org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint$quarkusrestinvoker$buildGet_f1c0b9a3c1a6e0f4c8d4b9e6a2e6c0d5a3b7f4e2.invoke(Unknown Source)",
	})
	kcCodeFrames = kcFrames(kcUserByID, []string{
		"\tat org.keycloak.models.sessions.infinispan.UserSessionAdapter.getUser(UserSessionAdapter.java:212)",
		"\tat org.keycloak.protocol.oidc.grants.AuthorizationCodeGrantType.process(AuthorizationCodeGrantType.java:150)",
	}, kcTokenTail)
	kcRefreshFrames = kcFrames(kcUserByID, []string{
		"\tat org.keycloak.protocol.oidc.TokenManager.validateToken(TokenManager.java:264)",
		"\tat org.keycloak.protocol.oidc.TokenManager.refreshAccessToken(TokenManager.java:434)",
		"\tat org.keycloak.protocol.oidc.grants.RefreshTokenGrantType.process(RefreshTokenGrantType.java:66)",
	}, kcTokenTail)
	kcOfflineFrames = kcFrames([]string{
		"\tat org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider.loadUserSession(JpaUserSessionPersisterProvider.java:282)",
		"\tat org.keycloak.models.sessions.infinispan.InfinispanUserSessionProvider.getOfflineUserSession(InfinispanUserSessionProvider.java:772)",
		"\tat org.keycloak.services.managers.UserSessionManager.findOfflineUserSession(UserSessionManager.java:85)",
		"\tat org.keycloak.protocol.oidc.TokenManager.validateToken(TokenManager.java:246)",
		"\tat org.keycloak.protocol.oidc.TokenManager.refreshAccessToken(TokenManager.java:434)",
		"\tat org.keycloak.protocol.oidc.grants.RefreshTokenGrantType.process(RefreshTokenGrantType.java:66)",
	}, kcTokenTail)
	kcIntrospectFrames = kcFrames(kcUserByID, []string{
		"\tat org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider.verifyAccessToken(AccessTokenIntrospectionProvider.java:228)",
		"\tat org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider.introspect(AccessTokenIntrospectionProvider.java:81)",
		"\tat org.keycloak.protocol.oidc.endpoints.TokenIntrospectionEndpoint.introspect(TokenIntrospectionEndpoint.java:98)",
		"\tat org.keycloak.protocol.oidc.endpoints.TokenIntrospectionEndpoint$quarkusrestinvoker$introspect_5f4b7a8e1c2d3b6a9f0e1d2c3b4a5968778695a4.invoke(Unknown Source)",
	})
	kcClientFrames = kcFrames([]string{
		"\tat org.keycloak.models.jpa.JpaUserProvider.getServiceAccount(JpaUserProvider.java:602)",
		"\tat org.keycloak.storage.UserStorageManager.getServiceAccount(UserStorageManager.java:469)",
		"\tat org.keycloak.models.cache.infinispan.UserCacheSession.getServiceAccount(UserCacheSession.java:444)",
		"\tat org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType.process(ClientCredentialsGrantType.java:79)",
	}, kcTokenTail)
	kcDirectFrames = kcFrames([]string{
		"\tat org.keycloak.models.jpa.JpaUserProvider.getUserByUsername(JpaUserProvider.java:563)",
		"\tat org.keycloak.storage.UserStorageManager.getUserByUsername(UserStorageManager.java:447)",
		"\tat org.keycloak.models.cache.infinispan.UserCacheSession.getUserByUsername(UserCacheSession.java:318)",
		"\tat org.keycloak.models.utils.KeycloakModelUtils.findUserByNameOrEmail(KeycloakModelUtils.java:300)",
		"\tat org.keycloak.authentication.authenticators.directgrant.ValidateUsername.authenticate(ValidateUsername.java:58)",
		"\tat org.keycloak.authentication.DefaultAuthenticationFlow.processSingleFlowExecutionModel(DefaultAuthenticationFlow.java:443)",
		"\tat org.keycloak.authentication.DefaultAuthenticationFlow.processFlow(DefaultAuthenticationFlow.java:251)",
		"\tat org.keycloak.authentication.AuthenticationProcessor.authenticateOnly(AuthenticationProcessor.java:1050)",
		"\tat org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantType.process(ResourceOwnerPasswordCredentialsGrantType.java:132)",
	}, kcTokenTail)
	// The password checked against the directory.
	kcPasswordFrames = []string{
		"\tat org.keycloak.storage.ldap.idm.query.internal.LDAPQuery.getResultList(LDAPQuery.java:185)",
		"\tat org.keycloak.storage.ldap.idm.query.internal.LDAPQuery.getFirstResult(LDAPQuery.java:192)",
		"\tat org.keycloak.storage.ldap.LDAPStorageProvider.loadLDAPUserByUsername(LDAPStorageProvider.java:1003)",
		"\tat org.keycloak.storage.ldap.LDAPStorageProvider.loadAndValidateUser(LDAPStorageProvider.java:618)",
		"\tat org.keycloak.storage.ldap.LDAPStorageProvider.validPassword(LDAPStorageProvider.java:780)",
		"\tat org.keycloak.storage.ldap.LDAPStorageProvider.isValid(LDAPStorageProvider.java:744)",
		"\tat org.keycloak.credential.UserCredentialManager.isValid(UserCredentialManager.java:73)",
		"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.validatePassword(AbstractUsernameFormAuthenticator.java:235)",
		"\tat org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator.validateUserAndPassword(AbstractUsernameFormAuthenticator.java:168)",
		"\tat org.keycloak.authentication.authenticators.browser.UsernamePasswordForm.validateForm(UsernamePasswordForm.java:61)",
		"\tat org.keycloak.authentication.authenticators.browser.UsernamePasswordForm.action(UsernamePasswordForm.java:54)",
	}
	// The periodic sync of changed users, on the timer thread.
	kcSyncFrames = []string{
		"\tat org.keycloak.storage.ldap.idm.query.internal.LDAPQuery.getResultList(LDAPQuery.java:185)",
		"\tat org.keycloak.storage.ldap.LDAPStorageProviderFactory.syncImpl(LDAPStorageProviderFactory.java:530)",
		"\tat org.keycloak.storage.ldap.LDAPStorageProviderFactory.syncSince(LDAPStorageProviderFactory.java:508)",
		"\tat org.keycloak.services.managers.UserStorageSyncManager$UserStorageSyncTask.run(UserStorageSyncManager.java:282)",
		"\tat org.keycloak.services.scheduled.ScheduledTaskRunner.runTask(ScheduledTaskRunner.java:79)",
		"\tat org.keycloak.services.scheduled.ScheduledTaskRunner.run(ScheduledTaskRunner.java:52)",
		"\tat org.keycloak.timer.basic.BasicTimerProvider$1.run(BasicTimerProvider.java:53)",
		"\tat java.base/java.util.TimerThread.mainLoop(Timer.java:566)",
		"\tat java.base/java.util.TimerThread.run(Timer.java:516)",
	}
	kcClearEventsFrames = []string{
		"\tat org.keycloak.events.jpa.JpaEventStoreProvider.clearExpiredEvents(JpaEventStoreProvider.java:155)",
		"\tat org.keycloak.services.scheduled.ClearExpiredEvents.run(ClearExpiredEvents.java:36)",
		"\tat org.keycloak.services.scheduled.ScheduledTaskRunner.runTask(ScheduledTaskRunner.java:79)",
		"\tat org.keycloak.services.scheduled.ScheduledTaskRunner.run(ScheduledTaskRunner.java:52)",
		"\tat org.keycloak.timer.basic.BasicTimerProvider$1.run(BasicTimerProvider.java:53)",
		"\tat java.base/java.util.TimerThread.mainLoop(Timer.java:566)",
		"\tat java.base/java.util.TimerThread.run(Timer.java:516)",
	}
	// A remote cache call that failed, under the Keycloak code that made it.
	kcRemoteFrames = []string{
		"\tat org.infinispan.interceptors.impl.SimpleAsyncInvocationStage.get(SimpleAsyncInvocationStage.java:38)",
		"\tat org.infinispan.interceptors.impl.AsyncInterceptorChainImpl.invoke(AsyncInterceptorChainImpl.java:249)",
		"\tat org.infinispan.cache.impl.InvocationHelper.doInvoke(InvocationHelper.java:324)",
		"\tat org.infinispan.cache.impl.InvocationHelper.invoke(InvocationHelper.java:114)",
		"\tat org.infinispan.cache.impl.CacheImpl.replaceInternal(CacheImpl.java:1738)",
		"\tat org.infinispan.cache.impl.DecoratedCache.replace(DecoratedCache.java:683)",
		"\tat org.keycloak.models.sessions.infinispan.changes.InfinispanChangelogBasedTransaction.replace(InfinispanChangelogBasedTransaction.java:238)",
		"\tat org.keycloak.models.sessions.infinispan.changes.InfinispanChangelogBasedTransaction.runOperationInCluster(InfinispanChangelogBasedTransaction.java:208)",
		"\tat org.keycloak.models.sessions.infinispan.changes.InfinispanChangelogBasedTransaction.commitImpl(InfinispanChangelogBasedTransaction.java:146)",
		"\tat org.keycloak.models.AbstractKeycloakTransaction.commit(AbstractKeycloakTransaction.java:46)",
		"\tat org.keycloak.services.DefaultKeycloakTransactionManager.commitWithTracing(DefaultKeycloakTransactionManager.java:178)",
		"\tat org.keycloak.services.DefaultKeycloakTransactionManager.commit(DefaultKeycloakTransactionManager.java:154)",
	}
	kcTimeoutFrames = []string{
		"\tat org.infinispan.remoting.transport.impl.SingleTargetRequest.onTimeout(SingleTargetRequest.java:86)",
		"\tat org.infinispan.remoting.transport.AbstractRequest.call(AbstractRequest.java:88)",
		"\tat org.infinispan.remoting.transport.AbstractRequest.call(AbstractRequest.java:22)",
		"\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
		"\tat java.base/java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run(ScheduledThreadPoolExecutor.java:304)",
		"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
		"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
		"\tat java.base/java.lang.Thread.run(Thread.java:840)",
	}
)

// kcPoolTrace is the trace of a connection Agroal could not hand out in time, thrown
// where site asked Hibernate for one.
func kcPoolTrace(site []string) []string {
	l := []string{
		"\tat org.hibernate.exception.internal.StandardSQLExceptionConverter.convert(StandardSQLExceptionConverter.java:63)",
		"\tat org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:108)",
		"\tat org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:94)",
		"\tat org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl.acquireConnectionIfNeeded(LogicalConnectionManagedImpl.java:116)",
		"\tat org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl.getPhysicalConnection(LogicalConnectionManagedImpl.java:143)",
		"\tat org.hibernate.query.Query.getResultList(Query.java:119)",
	}
	l = append(l, site...)
	if !strings.Contains(site[len(site)-1], "Timer") {
		l = append(l, kcREST...)
	}
	below := len(l) - 3
	l = append(l, "Caused by: java.sql.SQLException: Acquisition timeout while waiting for new connection",
		"\tat io.agroal.pool.ConnectionPool.handlerFromSharedCache(ConnectionPool.java:363)",
		"\tat io.agroal.pool.ConnectionPool.getConnection(ConnectionPool.java:293)",
		"\tat io.agroal.pool.DataSource.getConnection(DataSource.java:86)",
		"\tat io.quarkus.hibernate.orm.runtime.customized.QuarkusConnectionProvider.getConnection(QuarkusConnectionProvider.java:23)",
		"\tat org.hibernate.internal.NonContextualJdbcConnectionAccess.obtainConnection(NonContextualJdbcConnectionAccess.java:46)",
		"\tat org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl.acquireConnectionIfNeeded(LogicalConnectionManagedImpl.java:113)",
		fmt.Sprintf("\t... %d more", below),
		"Caused by: java.util.concurrent.TimeoutException",
		"\tat io.agroal.pool.ConnectionPool.handlerFromSharedCache(ConnectionPool.java:335)",
		fmt.Sprintf("\t... %d more", below+5))
	return l
}

// kcLDAPTrace is the trace of a directory query that failed under the frames of site:
// the connection timed out, or (read) the search on a pooled connection did.
func kcLDAPTrace(site []string, read bool) []string {
	l := append([]string{}, site...)
	below := len(site) - 1
	if read {
		return append(l, "Caused by: javax.naming.NamingException: LDAP response read timed out, timeout used: 10000 ms.",
			"\tat java.naming/com.sun.jndi.ldap.Connection.readReply(Connection.java:497)",
			"\tat java.naming/com.sun.jndi.ldap.LdapClient.getSearchReply(LdapClient.java:639)",
			"\tat java.naming/com.sun.jndi.ldap.LdapClient.search(LdapClient.java:562)",
			"\tat java.naming/com.sun.jndi.ldap.LdapCtx.doSearch(LdapCtx.java:2014)",
			"\tat java.naming/com.sun.jndi.ldap.LdapCtx.searchAux(LdapCtx.java:1876)",
			"\tat java.naming/com.sun.jndi.ldap.LdapCtx.c_search(LdapCtx.java:1801)",
			"\tat java.naming/com.sun.jndi.toolkit.ctx.ComponentDirContext.p_search(ComponentDirContext.java:392)",
			"\tat java.naming/com.sun.jndi.toolkit.ctx.PartialCompositeDirContext.search(PartialCompositeDirContext.java:358)",
			"\tat java.naming/javax.naming.directory.InitialDirContext.search(InitialDirContext.java:303)",
			"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager$3.execute(LDAPOperationManager.java:231)",
			"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager.execute(LDAPOperationManager.java:779)",
			"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager.search(LDAPOperationManager.java:223)",
			"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPIdentityStore.fetchQueryResults(LDAPIdentityStore.java:270)",
			"\tat org.keycloak.storage.ldap.idm.query.internal.LDAPQuery.getResultList(LDAPQuery.java:181)",
			fmt.Sprintf("\t... %d more", below))
	}
	return append(l, "Caused by: javax.naming.CommunicationException: "+kcLDAP+" [Root exception is java.net.SocketTimeoutException: Connect timed out]",
		"\tat java.naming/com.sun.jndi.ldap.Connection.<init>(Connection.java:252)",
		"\tat java.naming/com.sun.jndi.ldap.LdapClient.<init>(LdapClient.java:137)",
		"\tat java.naming/com.sun.jndi.ldap.LdapClient.getInstance(LdapClient.java:1614)",
		"\tat java.naming/com.sun.jndi.ldap.LdapCtx.connect(LdapCtx.java:2847)",
		"\tat java.naming/com.sun.jndi.ldap.LdapCtx.<init>(LdapCtx.java:348)",
		"\tat java.naming/com.sun.jndi.ldap.LdapCtxFactory.getLdapCtxFromUrl(LdapCtxFactory.java:229)",
		"\tat java.naming/com.sun.jndi.ldap.LdapCtxFactory.getUsingURL(LdapCtxFactory.java:189)",
		"\tat java.naming/com.sun.jndi.ldap.LdapCtxFactory.getInitialContext(LdapCtxFactory.java:115)",
		"\tat java.naming/javax.naming.spi.NamingManager.getInitialContext(NamingManager.java:730)",
		"\tat java.naming/javax.naming.InitialContext.getDefaultInitCtx(InitialContext.java:305)",
		"\tat java.naming/javax.naming.InitialContext.init(InitialContext.java:236)",
		"\tat java.naming/javax.naming.ldap.InitialLdapContext.<init>(InitialLdapContext.java:154)",
		"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPContextManager.createLdapContext(LDAPContextManager.java:80)",
		"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPContextManager.getLdapContext(LDAPContextManager.java:125)",
		"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager.execute(LDAPOperationManager.java:779)",
		"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPOperationManager.search(LDAPOperationManager.java:223)",
		"\tat org.keycloak.storage.ldap.idm.store.ldap.LDAPIdentityStore.fetchQueryResults(LDAPIdentityStore.java:270)",
		"\tat org.keycloak.storage.ldap.idm.query.internal.LDAPQuery.getResultList(LDAPQuery.java:181)",
		fmt.Sprintf("\t... %d more", below),
		"Caused by: java.net.SocketTimeoutException: Connect timed out",
		"\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:551)",
		"\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:602)",
		"\tat java.base/java.net.SocksSocketImpl.connect(SocksSocketImpl.java:327)",
		"\tat java.base/java.net.Socket.connect(Socket.java:633)",
		"\tat java.base/sun.security.ssl.SSLSocketImpl.connect(SSLSocketImpl.java:304)",
		"\tat java.naming/com.sun.jndi.ldap.Connection.createSocket(Connection.java:352)",
		"\tat java.naming/com.sun.jndi.ldap.Connection.<init>(Connection.java:231)",
		fmt.Sprintf("\t... %d more", below+17))
}

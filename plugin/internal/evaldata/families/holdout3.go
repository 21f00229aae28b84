package families

import (
	"fmt"
	"strings"
	"time"
)

// holdout3 is a holdout family: a central syslog of edge hosts.
var holdout3 = Family{
	Name:    "holdout-3",
	Role:    Holdout,
	Service: "central syslog of edge hosts (rsyslog, RFC 3339 times): sshd, kernel, haproxy, cron, systemd",
	Lines:   holdout3Lines,
}

// Edge hosts forward their syslog to one file: "2024-07-08T01:00:00.123456+00:00
// edge-1 sshd[2314]: ...". Each runs sshd exposed to the internet, haproxy in front of a
// reports API and a web site, a firewall logging blocked packets, cron jobs, systemd
// units and a vault agent.
//
// Normal: firewall blocks (about 5 a second), HTTP requests through haproxy (4 a second,
// routine 404s and redirects), the internet's ssh brute force (invalid users, failed root
// passwords, preauth disconnects), staff logging in with keys (sessions opened and
// closed, sudo), cron every minute and every 5 minutes, sysstat every 10 minutes, vault
// token renewals, DNS resolver downgrades, time sources.
//
// Benign changes: the nightly backup on edge-1 from 0:30 for 22 minutes (restic
// progress every 10 s, its summary); unattended upgrades at 1:10 on edge-1 and edge-2
// (ssh restarted, haproxy reloaded with a new worker); edge-3 joining at 2:00 (boot
// lines, then its share of everything).
//
// Incidents: a root password login from an outside address on edge-2 at 0:47; the
// kernel's OOM killer killing the reports API on edge-1 twice at 1:22 and 1:25 (kernel
// and systemd lines, haproxy marking the backend down and answering 503); the vault
// agent's client certificate expiring on edge-2 at 2:10 (errors with backoff for 25
// minutes); edge-1's disk full at 2:40 for 10 minutes (rsyslog, journald, the API and
// cron failing to write).
const (
	holdout3RootLogin  = "root password login from outside"
	holdout3OOMKill    = "OOM killer kills the reports API"
	holdout3CertExpiry = "client certificate expired"
	holdout3DiskFull   = "disk full on edge-1"
)

type holdout3Host struct {
	name       string
	up         time.Time
	tr         truth
	sshd       int
	haproxy    int // worker pid; upgraded is when a reload forked a new one
	upgraded   time.Time
	newHAProxy int
	session    int
}

type holdout3Log struct {
	g *gen
	j *journal

	start                   time.Time
	backup, upgrade, joined change
	hosts                   []*holdout3Host
	rootAt, certAt, diskAt  time.Time
	oomAt                   []time.Time
}

func holdout3Lines(seed int64) []Line {
	start := time.Date(2024, 7, 8, 1, 0, 0, 0, time.UTC)
	s := &holdout3Log{
		g:       newGen(seed, 5),
		j:       &journal{},
		start:   start,
		backup:  change{"nightly backup", start.Add(30 * time.Minute)},
		upgrade: change{"unattended upgrades", start.Add(70 * time.Minute)},
		joined:  change{"edge-3 joins", start.Add(120 * time.Minute)},
		rootAt:  start.Add(47*time.Minute + 12*time.Second),
		oomAt:   []time.Time{start.Add(82*time.Minute + 30*time.Second), start.Add(85*time.Minute + 40*time.Second)},
		certAt:  start.Add(130 * time.Minute),
		diskAt:  start.Add(160 * time.Minute),
	}
	long := start.Add(-30 * 24 * time.Hour)
	for i, name := range []string{"edge-1", "edge-2", "edge-3"} {
		h := &holdout3Host{name: name, up: long, tr: routine, sshd: 900 + s.g.intn(80), haproxy: 1433, session: 1800 + s.g.intn(400)}
		if i == 2 {
			h.up, h.tr = s.joined.start.Add(40*time.Second), s.joined.truth()
		} else {
			h.upgraded, h.newHAProxy = s.upgrade.start.Add(time.Duration(i*3)*time.Minute+95*time.Second), 52000+s.g.intn(900)
		}
		s.hosts = append(s.hosts, h)
	}
	end := start.Add(Length)
	s.g.arrivals(start, end, func(time.Time) float64 { return 5 }, s.firewall)
	s.g.arrivals(start, end, func(time.Time) float64 { return 4 }, s.request)
	s.g.arrivals(start, end, func(time.Time) float64 { return 0.6 }, s.bruteForce)
	s.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 60 }, s.staffSession)
	s.g.every(start.Add(time.Second), end, time.Minute, 400*time.Millisecond, s.cron)
	s.g.every(start.Add(3*time.Minute), end, 10*time.Minute, 2*time.Second, s.sysstat)
	s.g.every(start.Add(7*time.Minute), end, 20*time.Minute, 5*time.Second, s.vaultRenewal)
	s.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1500 }, s.resolver)
	s.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 2400 }, s.timeSource)
	s.backupJob()
	s.upgrades()
	s.boot(s.hosts[2])
	s.rootLogin()
	for _, at := range s.oomAt {
		s.oomKill(at)
	}
	s.certExpiry()
	s.diskFull()
	return s.j.sorted(end)
}

func (s *holdout3Log) text(at time.Time, h *holdout3Host, program, msg string) string {
	return at.Format("2006-01-02T15:04:05.000000-07:00") + " " + h.name + " " + program + ": " + msg
}

// host picks one of the hosts up at t.
func (s *holdout3Log) host(t time.Time) *holdout3Host {
	n := 0
	for _, h := range s.hosts {
		if !t.Before(h.up) {
			n++
		}
	}
	return s.hosts[s.g.intn(n)]
}

func (s *holdout3Log) pid() int { return s.g.between(2000, 65000) }

var holdout3Ports = []int{22, 23, 80, 443, 445, 1433, 2375, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 23, 23, 445, 3389}

func (s *holdout3Log) firewall(t time.Time) {
	g, h := s.g, s.host(t)
	proto := "TCP"
	if g.chance(0.08) {
		proto = "UDP"
	}
	s.j.add(h.tr, t, s.text(t, h, "kernel", fmt.Sprintf("[UFW BLOCK] IN=ens5 OUT= MAC=0a:1b:2c:3d:4e:5f:0a:6b:7c:8d:9e:af:08:00 SRC=%s DST=10.0.1.%d LEN=%d TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=%s SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0",
		g.publicIP(), 20+s.index(h), pick(g, []int{40, 44, 52, 60}), g.between(40, 250), g.intn(65536), proto, g.between(1024, 65535), pick(g, holdout3Ports))))
}

func (s *holdout3Log) index(h *holdout3Host) int {
	for i, x := range s.hosts {
		if x == h {
			return i
		}
	}
	return 0
}

// haproxyPID is h's haproxy worker at t: a reload forks a new one.
func (h *holdout3Host) haproxyPID(t time.Time) int {
	if !h.upgraded.IsZero() && !t.Before(h.upgraded) {
		return h.newHAProxy
	}
	return h.haproxy
}

var holdout3Routes = []struct {
	backend, server, path string
	weight                float64
}{
	{"reports-api", "reports-1", "/api/reports/%d", 0.35},
	{"www", "web-1", "/products/%d", 0.3},
	{"www", "web-2", "/products/%d", 0.3},
	{"www", "web-1", "/static/app.3f9c2e1b.js?v=%d", 0.05},
}

func (s *holdout3Log) request(t time.Time) {
	g, h := s.g, s.host(t)
	u := g.rng.Float64()
	r := holdout3Routes[0]
	for _, x := range holdout3Routes {
		if u < x.weight {
			r = x
			break
		}
		u -= x.weight
	}
	status, flags := 200, "----"
	switch v := g.rng.Float64(); {
	case v < 0.03:
		status = 404
	case v < 0.05:
		status = 304
	case v < 0.06:
		status = 301
	}
	server := r.backend + "/" + r.server
	total := int(g.lognormal(24, 0.6))
	tr := h.tr
	if r.backend == "reports-api" && h.name == "edge-1" && s.oomDown(t) {
		// The API is down: haproxy has no server for it.
		status, flags, server, total, tr = 503, "SC--", r.backend+"/<NOSRV>", 0, incident(holdout3OOMKill)
	}
	s.j.add(tr, t, s.text(t, h, fmt.Sprintf("haproxy[%d]", h.haproxyPID(t)), fmt.Sprintf(`%s:%d [%s] https-in~ %s 0/0/%d/%d/%d %d %d - - %s %d/%d/%d/%d/0 0/0 "GET %s HTTP/1.1"`,
		g.publicIP(), g.between(1024, 65535), t.Format("02/Jan/2006:15:04:05.000"), server, g.between(0, 2), max(total-2, 0), total, status, g.between(180, 9000), flags,
		g.between(5, 40), g.between(5, 40), g.between(1, 12), g.between(0, 6), fmt.Sprintf(r.path, g.between(1000, 99999)))))
}

func (s *holdout3Log) oomDown(t time.Time) bool {
	for _, at := range s.oomAt {
		if within(t, at, 21*time.Second) {
			return true
		}
	}
	return false
}

var holdout3Users = []string{"admin", "test", "user", "ubuntu", "oracle", "postgres", "git", "guest", "ftpuser", "pi", "support", "deploy1", "hadoop", "minecraft", "jenkins", "steam", "ansible", "debian"}

// bruteForce is one attempt of the internet's constant password guessing.
func (s *holdout3Log) bruteForce(t time.Time) {
	g, h := s.g, s.host(t)
	sshd := fmt.Sprintf("sshd[%d]", s.pid())
	ip, port := g.publicIP(), g.between(1024, 65535)
	at := t.Add(time.Duration(g.between(200, 2500)) * time.Millisecond)
	switch u := g.rng.Float64(); {
	case u < 0.55:
		user := pick(g, holdout3Users)
		s.j.add(h.tr, t, s.text(t, h, sshd, fmt.Sprintf("Invalid user %s from %s port %d", user, ip, port)))
		s.j.add(h.tr, at,
			s.text(at, h, sshd, fmt.Sprintf("Received disconnect from %s port %d:11: Bye Bye [preauth]", ip, port)),
			s.text(at, h, sshd, fmt.Sprintf("Disconnected from invalid user %s %s port %d [preauth]", user, ip, port)))
	case u < 0.85:
		s.j.add(h.tr, t, s.text(t, h, sshd, fmt.Sprintf("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root", ip)))
		at2 := t.Add(time.Duration(g.between(1500, 2500)) * time.Millisecond)
		s.j.add(h.tr, at2, s.text(at2, h, sshd, fmt.Sprintf("Failed password for root from %s port %d ssh2", ip, port)))
		at2 = at2.Add(time.Duration(g.between(100, 900)) * time.Millisecond)
		s.j.add(h.tr, at2, s.text(at2, h, sshd, fmt.Sprintf("Connection closed by authenticating user root %s port %d [preauth]", ip, port)))
	case u < 0.95:
		s.j.add(h.tr, t, s.text(t, h, sshd, "error: kex_exchange_identification: Connection closed by remote host"))
		s.j.add(h.tr, t, s.text(t, h, sshd, fmt.Sprintf("Connection closed by %s port %d", ip, port)))
	default:
		s.j.add(h.tr, t, s.text(t, h, sshd, fmt.Sprintf("Connection reset by %s port %d [preauth]", ip, port)))
	}
}

var holdout3Staff = []struct {
	user string
	uid  int
}{{"deploy", 1001}, {"ops-anna", 1002}, {"ops-li", 1003}, {"ci-runner", 1004}}

// staffSession is a key login by the staff, a sudo now and then, and its logout.
func (s *holdout3Log) staffSession(t time.Time) {
	g, h := s.g, s.host(t)
	who := pick(g, holdout3Staff)
	s.login(h.tr, h, t, "publickey", who.user, who.uid, g.privateIP(), fmt.Sprintf("ED25519 SHA256:%s", g.hex(43)))
	id := h.session
	if strings.HasPrefix(who.user, "ops-") && g.chance(0.6) {
		at := t.Add(time.Duration(g.between(10, 120)) * time.Second)
		pid := s.pid()
		sudo := fmt.Sprintf("sudo[%d]", pid)
		s.j.add(h.tr, at,
			s.text(at, h, sudo, fmt.Sprintf("%s : TTY=pts/%d ; PWD=/home/%s ; USER=root ; COMMAND=%s", who.user, g.intn(4), who.user, pick(g, []string{"/usr/bin/systemctl status reports-api", "/usr/bin/journalctl -u haproxy -n 200", "/usr/sbin/ufw status"}))),
			s.text(at, h, sudo, fmt.Sprintf("pam_unix(sudo:session): session opened for user root(uid=0) by %s(uid=%d)", who.user, who.uid)))
		at = at.Add(time.Duration(g.between(200, 3000)) * time.Millisecond)
		s.j.add(h.tr, at, s.text(at, h, sudo, "pam_unix(sudo:session): session closed for user root"))
	}
	at := t.Add(time.Duration(g.lognormal(240, 0.8) * float64(time.Second)))
	sshd := fmt.Sprintf("sshd[%d]", s.pid())
	s.j.add(h.tr, at,
		s.text(at, h, sshd, fmt.Sprintf("Received disconnect from %s port %d:11: disconnected by user", g.privateIP(), g.between(32768, 60999))),
		s.text(at, h, sshd, fmt.Sprintf("pam_unix(sshd:session): session closed for user %s", who.user)),
		s.text(at, h, "systemd-logind[812]", fmt.Sprintf("Session %d logged out. Waiting for processes to exit.", id)),
		s.text(at, h, "systemd[1]", fmt.Sprintf("session-%d.scope: Deactivated successfully.", id)),
		s.text(at, h, "systemd-logind[812]", fmt.Sprintf("Removed session %d.", id)))
}

// login writes an accepted ssh login and the session it opens.
func (s *holdout3Log) login(tr truth, h *holdout3Host, t time.Time, method, user string, uid int, ip, key string) {
	h.session++
	sshd := fmt.Sprintf("sshd[%d]", s.pid())
	accepted := fmt.Sprintf("Accepted %s for %s from %s port %d ssh2", method, user, ip, s.g.between(32768, 60999))
	if key != "" {
		accepted += ": " + key
	}
	s.j.add(tr, t,
		s.text(t, h, sshd, accepted),
		s.text(t, h, sshd, fmt.Sprintf("pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)", user, uid)),
		s.text(t, h, "systemd-logind[812]", fmt.Sprintf("New session %d of user %s.", h.session, user)),
		s.text(t, h, "systemd[1]", fmt.Sprintf("Started session-%d.scope - Session %d of User %s.", h.session, h.session, user)))
}

func (s *holdout3Log) cron(t time.Time) {
	for _, h := range s.hosts {
		if t.Before(h.up) {
			continue
		}
		jobs := []string{"(root) CMD (/usr/local/bin/node-health.sh >/dev/null 2>&1)"}
		if t.Sub(s.start)%(5*time.Minute) < time.Minute {
			jobs = append(jobs, "(prometheus) CMD (/usr/local/bin/textfile-collector.sh)")
		}
		for _, job := range jobs {
			at := t.Add(time.Duration(s.g.intn(300)) * time.Millisecond)
			cron := fmt.Sprintf("CRON[%d]", s.pid())
			user := "root(uid=0)"
			if strings.HasPrefix(job, "(prometheus)") {
				user = "prometheus(uid=112)"
			}
			s.j.add(h.tr, at,
				s.text(at, h, cron, fmt.Sprintf("pam_unix(cron:session): session opened for user %s by (uid=0)", user)),
				s.text(at, h, cron, job))
			at = at.Add(time.Duration(s.g.between(300, 4000)) * time.Millisecond)
			tr := h.tr
			if h.name == "edge-1" && within(at, s.diskAt, 10*time.Minute) {
				// The job cannot write its output.
				tr = incident(holdout3DiskFull)
				s.j.add(tr, at, s.text(at, h, cron, fmt.Sprintf("(CRON) error (grandchild #%d failed with exit status 1)", s.pid())))
			}
			name, _, _ := strings.Cut(user, "(")
			s.j.add(tr, at, s.text(at, h, cron, "pam_unix(cron:session): session closed for user "+name))
		}
	}
}

func (s *holdout3Log) sysstat(t time.Time) {
	for _, h := range s.hosts {
		if t.Before(h.up) {
			continue
		}
		at := t.Add(time.Duration(s.g.intn(900)) * time.Millisecond)
		s.j.add(h.tr, at, s.text(at, h, "systemd[1]", "Starting sysstat-collect.service - system activity accounting tool..."))
		at = at.Add(time.Duration(s.g.between(20, 90)) * time.Millisecond)
		s.j.add(h.tr, at,
			s.text(at, h, "systemd[1]", "sysstat-collect.service: Deactivated successfully."),
			s.text(at, h, "systemd[1]", "Finished sysstat-collect.service - system activity accounting tool."))
	}
}

func (s *holdout3Log) vaultLine(t time.Time, level, msg string) string {
	return fmt.Sprintf("%s [%s] %s", t.Format("2006-01-02T15:04:05.000Z"), level, msg)
}

func (s *holdout3Log) vaultRenewal(t time.Time) {
	for _, h := range s.hosts {
		if t.Before(h.up) || h.name == "edge-2" && !t.Before(s.certAt) {
			continue
		}
		at := t.Add(time.Duration(s.g.intn(30000)) * time.Millisecond)
		s.j.add(h.tr, at, s.text(at, h, "vault-agent[1555]", s.vaultLine(at, "INFO", " agent.auth.handler: renewed auth token")))
	}
}

func (s *holdout3Log) resolver(t time.Time) {
	h := s.host(t)
	s.j.add(h.tr, t, s.text(t, h, "systemd-resolved[512]", "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2."))
}

func (s *holdout3Log) timeSource(t time.Time) {
	h := s.host(t)
	s.j.add(h.tr, t, s.text(t, h, "chronyd[640]", fmt.Sprintf("Selected source 169.254.169.123 (%s)", pick(s.g, []string{"169.254.169.123", "time.aws.com"}))))
}

// backupJob is restic backing up edge-1: progress every 10 s, then its summary.
func (s *holdout3Log) backupJob() {
	g, h, tr := s.g, s.hosts[0], s.backup.truth()
	t := s.backup.start.Add(200 * time.Millisecond)
	pid := s.pid()
	cron := fmt.Sprintf("CRON[%d]", s.pid())
	s.j.add(tr, t,
		s.text(t, h, cron, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"),
		s.text(t, h, cron, "(root) CMD (/usr/local/bin/backup.sh)"))
	t = t.Add(400 * time.Millisecond)
	script := fmt.Sprintf("backup.sh[%d]", pid)
	restic := fmt.Sprintf("restic[%d]", pid+3)
	s.j.add(tr, t, s.text(t, h, script, "starting restic backup of /srv /etc to s3:https://s3.eu-west-1.amazonaws.com/acme-backups/edge-1"))
	files, total := 0, 12345
	dur := 22 * time.Minute
	g.every(t.Add(10*time.Second), t.Add(dur), 10*time.Second, 0, func(at time.Time) {
		x := float64(at.Sub(t)) / float64(dur)
		files = int(x * float64(total))
		elapsed, left := at.Sub(t), t.Add(dur).Sub(at)
		s.j.add(tr, at, s.text(at, h, restic, fmt.Sprintf("[%d:%02d] %.2f%%  %d files %.3f MiB, total %d files 2.345 GiB, 0 errors ETA %d:%02d",
			int(elapsed.Minutes()), int(elapsed.Seconds())%60, 100*x, files, x*2401.28, total, int(left.Minutes()), int(left.Seconds())%60)))
	})
	t = t.Add(dur + 3*time.Second)
	s.j.add(tr, t,
		s.text(t, h, restic, fmt.Sprintf("Files:         %d new,   %d changed, %d unmodified", g.between(50, 200), g.between(300, 600), total-700)),
		s.text(t, h, restic, fmt.Sprintf("Added to the repository: %.3f MiB (%.3f MiB stored)", g.lognormal(310, 0.1), g.lognormal(98, 0.1))),
		s.text(t, h, restic, fmt.Sprintf("snapshot %s saved", g.hex(8))),
		s.text(t, h, script, "backup finished in 22m3s"),
		s.text(t, h, cron, "pam_unix(cron:session): session closed for user root"))
}

// upgrades are unattended upgrades of openssh and haproxy on edge-1, then edge-2: ssh
// restarted, haproxy reloaded.
func (s *holdout3Log) upgrades() {
	g, tr := s.g, s.upgrade.truth()
	for _, h := range s.hosts[:2] {
		t := h.upgraded.Add(-95 * time.Second)
		pid := s.pid()
		uu := fmt.Sprintf("unattended-upgrade[%d]", pid)
		s.j.add(tr, t, s.text(t, h, "systemd[1]", "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities..."))
		t = t.Add(40 * time.Second)
		s.j.add(tr, t,
			s.text(t, h, uu, "Packages that will be upgraded: haproxy openssh-client openssh-server openssh-sftp-server"),
			s.text(t, h, uu, "Writing dpkg log to /var/log/unattended-upgrades/unattended-upgrades-dpkg.log"))
		t = t.Add(30 * time.Second)
		newSSHD := s.pid()
		s.j.add(tr, t,
			s.text(t, h, "systemd[1]", "Reloading."),
			s.text(t, h, "systemd[1]", "Stopping ssh.service - OpenBSD Secure Shell server..."),
			s.text(t, h, fmt.Sprintf("sshd[%d]", h.sshd), "Received signal 15; terminating."),
			s.text(t, h, "systemd[1]", "ssh.service: Deactivated successfully."),
			s.text(t, h, "systemd[1]", "Stopped ssh.service - OpenBSD Secure Shell server."),
			s.text(t, h, "systemd[1]", "Starting ssh.service - OpenBSD Secure Shell server..."),
			s.text(t, h, fmt.Sprintf("sshd[%d]", newSSHD), "Server listening on 0.0.0.0 port 22."),
			s.text(t, h, fmt.Sprintf("sshd[%d]", newSSHD), "Server listening on :: port 22."),
			s.text(t, h, "systemd[1]", "Started ssh.service - OpenBSD Secure Shell server."))
		h.sshd = newSSHD
		t = h.upgraded.Add(-200 * time.Millisecond)
		s.j.add(tr, t,
			s.text(t, h, "systemd[1]", "Reloading haproxy.service - HAProxy Load Balancer..."),
			s.text(t, h, "haproxy[1432]", "[NOTICE]   (1432) : Reloading HAProxy"),
			s.text(t, h, "haproxy[1432]", "[NOTICE]   (1432) : haproxy version is 2.8.5-1ubuntu3.1"),
			s.text(t, h, "haproxy[1432]", fmt.Sprintf("[NOTICE]   (1432) : New worker (%d) forked", h.newHAProxy)),
			s.text(t, h, "haproxy[1432]", "[NOTICE]   (1432) : Loading success."),
			s.text(t, h, "systemd[1]", "Reloaded haproxy.service - HAProxy Load Balancer."))
		t = t.Add(time.Duration(g.between(2, 9)) * time.Second)
		s.j.add(tr, t,
			s.text(t, h, "haproxy[1432]", fmt.Sprintf("[WARNING]  (1432) : Former worker (%d) exited with code 0 (Exit)", h.haproxy)),
			s.text(t, h, uu, "All upgrades installed"),
			s.text(t, h, "systemd[1]", "apt-daily-upgrade.service: Deactivated successfully."),
			s.text(t, h, "systemd[1]", "Finished apt-daily-upgrade.service - Daily apt upgrade and clean activities."),
			s.text(t, h, "systemd[1]", fmt.Sprintf("apt-daily-upgrade.service: Consumed %.3fs CPU time.", g.lognormal(41, 0.1))))
	}
}

// boot is what a new host writes as it comes up and joins the others.
func (s *holdout3Log) boot(h *holdout3Host) {
	t := h.up.Add(-30 * time.Second)
	lines := []struct{ program, msg string }{
		{"kernel", "Linux version 6.8.0-1012-aws (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #13-Ubuntu SMP Mon Jul 15 13:40:27 UTC 2024"},
		{"kernel", "Command line: BOOT_IMAGE=/vmlinuz-6.8.0-1012-aws root=PARTUUID=4a1b2c3d-01 ro console=tty1 console=ttyS0 nvme_core.io_timeout=4294967295"},
		{"systemd[1]", "systemd 255.4-1ubuntu8.1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)"},
		{fmt.Sprintf("sshd[%d]", h.sshd), "Server listening on 0.0.0.0 port 22."},
		{fmt.Sprintf("sshd[%d]", h.sshd), "Server listening on :: port 22."},
		{"haproxy[1432]", "[NOTICE]   (1432) : New worker (1433) forked"},
		{"haproxy[1432]", "[NOTICE]   (1432) : Loading success."},
		{"vault-agent[1555]", s.vaultLine(t.Add(20*time.Second), "INFO", " agent.auth.handler: authentication successful, sending token to sinks")},
		{"cloud-init[1201]", "Cloud-init v. 24.1.3-0ubuntu3.3 finished at Mon, 08 Jul 2024 03:00:38 +0000. Datasource DataSourceEc2Local.  Up 24.61 seconds"},
		{"systemd[1]", "Reached target multi-user.target - Multi-User System."},
	}
	for _, l := range lines {
		t = t.Add(time.Duration(s.g.between(500, 3000)) * time.Millisecond)
		s.j.add(h.tr, t, s.text(t, h, l.program, l.msg))
	}
}

func (s *holdout3Log) rootLogin() {
	s.login(incident(holdout3RootLogin), s.hosts[1], s.rootAt, "password", "root", 0, "185.220.101.47", "")
}

// oomKill is the kernel killing the reports API's JVM, systemd restarting it and
// haproxy taking the backend out and back in.
func (s *holdout3Log) oomKill(t time.Time) {
	g, h, tr := s.g, s.hosts[0], incident(holdout3OOMKill)
	uptime := t.Sub(s.start).Seconds() + 1_234_567 + g.rng.Float64()
	java := 23001 + g.intn(3000)
	kern := func(offset float64, msg string) string { return fmt.Sprintf("[%.6f] %s", uptime+offset, msg) }
	s.j.add(tr, t,
		s.text(t, h, "kernel", kern(0, "java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0")),
		s.text(t, h, "kernel", kern(0.000412, fmt.Sprintf("Out of memory: Killed process %d (java) total-vm:8123456kB, anon-rss:6123456kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:12804kB oom_score_adj:0", java))))
	at := t.Add(180 * time.Millisecond)
	s.j.add(tr, at,
		s.text(at, h, "kernel", kern(0.18, fmt.Sprintf("oom_reaper: reaped process %d (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", java))),
		s.text(at, h, "systemd[1]", "reports-api.service: A process of this unit has been killed by the OOM killer."),
		s.text(at, h, "systemd[1]", "reports-api.service: Main process exited, code=killed, status=9/KILL"),
		s.text(at, h, "systemd[1]", "reports-api.service: Failed with result 'oom-kill'."),
		s.text(at, h, "systemd[1]", fmt.Sprintf("reports-api.service: Consumed %dh %dmin %.3fs CPU time.", g.between(1, 3), g.intn(60), g.rng.Float64()*60)))
	haproxy := fmt.Sprintf("haproxy[%d]", h.haproxyPID(t))
	at = t.Add(1200 * time.Millisecond)
	s.j.add(tr, at,
		s.text(at, h, haproxy, fmt.Sprintf(`[WARNING]  (%d) : Server reports-api/reports-1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. %d sessions active, 0 requeued, 0 remaining in queue.`, h.haproxyPID(t), g.between(3, 15))),
		s.text(at, h, haproxy, fmt.Sprintf("[ALERT]    (%d) : backend 'reports-api' has no server available!", h.haproxyPID(t))))
	at = t.Add(5 * time.Second)
	s.j.add(tr, at,
		s.text(at, h, "systemd[1]", "reports-api.service: Scheduled restart job, restart counter is at 1."),
		s.text(at, h, "systemd[1]", "Stopped reports-api.service - Reports API."),
		s.text(at, h, "systemd[1]", "Started reports-api.service - Reports API."))
	at = t.Add(21 * time.Second)
	s.j.add(tr, at, s.text(at, h, haproxy, fmt.Sprintf("[WARNING]  (%d) : Server reports-api/reports-1 is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.", h.haproxyPID(t))))
}

// certExpiry is the vault agent on edge-2 failing to authenticate with its expired
// client certificate, retrying with a backoff that doubles up to 30 s.
func (s *holdout3Log) certExpiry() {
	g, h, tr := s.g, s.hosts[1], incident(holdout3CertExpiry)
	expired := s.certAt.Add(-2 * time.Second)
	backoff := time.Second
	for t := s.certAt; t.Before(s.certAt.Add(25 * time.Minute)); {
		s.j.add(tr, t, s.text(t, h, "vault-agent[1555]", s.vaultLine(t, "INFO", " agent.auth.handler: authenticating")))
		at := t.Add(time.Duration(g.between(5, 40)) * time.Millisecond)
		wait := time.Duration(float64(backoff) * (0.75 + 0.5*g.rng.Float64()))
		s.j.add(tr, at, s.text(at, h, "vault-agent[1555]", s.vaultLine(at, "ERROR", fmt.Sprintf(`agent.auth.handler: error authenticating: error="Put \"https://vault.internal:8200/v1/auth/cert/login\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time %s is after %s" backoff=%.2fs`,
			at.Format("2006-01-02T15:04:05Z"), expired.Format("2006-01-02T15:04:05Z"), wait.Seconds()))))
		t = at.Add(wait)
		backoff = min(2*backoff, 30*time.Second)
	}
}

// diskFull is edge-1's root file system full: rsyslog cannot write its local files,
// journald cannot write entries, the API's exports fail.
func (s *holdout3Log) diskFull() {
	g, h, tr := s.g, s.hosts[0], incident(holdout3DiskFull)
	window := 10 * time.Minute
	g.every(s.diskAt, s.diskAt.Add(window), 3*time.Second, 2*time.Second, func(t time.Time) {
		s.j.add(tr, t, s.text(t, h, "rsyslogd[612]", fmt.Sprintf("file '/var/log/%s': write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2312.0 try https://www.rsyslog.com/e/2027 ]", pick(g, []string{"syslog", "auth.log", "haproxy.log", "kern.log"}))))
	})
	g.every(s.diskAt.Add(2*time.Second), s.diskAt.Add(window), 5*time.Second, time.Second, func(t time.Time) {
		s.j.add(tr, t, s.text(t, h, "systemd-journald[312]", fmt.Sprintf("Failed to write entry (%d items, %d bytes) despite vacuuming, ignoring: No space left on device", g.between(18, 30), g.between(500, 1500))))
	})
	g.arrivals(s.diskAt, s.diskAt.Add(window), func(time.Time) float64 { return 0.4 }, func(t time.Time) {
		s.j.add(tr, t, s.text(t, h, "reports-api[23411]", fmt.Sprintf("%s ERROR 23411 --- [pool-3-thread-%d] c.a.r.export.CsvExporter : Export %d failed: java.io.IOException: No space left on device", t.Format("2006-01-02 15:04:05.000"), g.between(1, 8), g.between(100000, 999999))))
	})
}

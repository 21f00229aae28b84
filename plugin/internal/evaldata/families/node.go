package families

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// node is one worker node of a Kubernetes 1.28 cluster (kubeadm, on-premises, Ubuntu
// 22.04 with systemd 249 and kernel 5.15, containerd 1.7 with the systemd cgroup driver,
// Calico for the network, Linkerd meshing the shop's pods), a Dell R640 called
// prod-worker-07, seen through its systemd journal exported with `journalctl -o json`:
// one JSON object a line, every value a string, journalctl's own four members first
// ("__CURSOR" "s=<seqnum id>;i=<seqnum>;b=<boot id>;m=<monotonic>;t=<realtime>;x=<hash>",
// "__REALTIME_TIMESTAMP" in microseconds since the epoch, the line's time, strictly
// increasing, "__MONOTONIC_TIMESTAMP" since the boot eleven days earlier, "_BOOT_ID"),
// then the entry's fields in the order journald stores them for its transport:
// "_TRANSPORT":"stdout" for kubelet and containerd (their stderr: "_STREAM_ID",
// "PRIORITY" always "6", whatever the line says, "SYSLOG_FACILITY", "SYSLOG_IDENTIFIER",
// "MESSAGE", then "_PID", "_UID", "_GID", "_COMM", "_EXE", "_CMDLINE", "_CAP_EFFECTIVE",
// "_SELINUX_CONTEXT" ("unconfined\n", AppArmor's), "_SYSTEMD_CGROUP", "_SYSTEMD_UNIT",
// "_SYSTEMD_SLICE", "_SYSTEMD_INVOCATION_ID", "_MACHINE_ID", "_HOSTNAME"); "journal" for
// systemd itself, systemd-networkd and systemd-logind (their "PRIORITY", "CODE_FILE",
// "CODE_LINE", "CODE_FUNC", "UNIT", "MESSAGE_ID", "JOB_TYPE", "INTERFACE", ... before
// "MESSAGE", "_SOURCE_REALTIME_TIMESTAMP" after the trusted fields); "kernel" (kernel
// priorities, "SYSLOG_IDENTIFIER":"kernel", "_SOURCE_MONOTONIC_TIMESTAMP", the device
// fields of a driver's message); "syslog" for sshd, sudo and chronyd ("SYSLOG_PID",
// "SYSLOG_TIMESTAMP", auth and authpriv facilities). The kubelet runs at --v=3 and writes
// klog's format, `I0613 13:00:03.517123    1187 prober.go:115] "Probe succeeded"
// probeType="Readiness" pod="shop/checkout-7d9f8c6b5d-mxd4q" podUID="..."
// containerName="checkout"`, its structs as JSON (`event={"ID":...,"Type":
// "ContainerDied","Data":"<64 hex>"}`), its events logged too (`"Event occurred"
// object=... reason="Pulled" message=...`), its reflectors' warnings unstructured;
// containerd writes logrus' text, `time="2024-06-13T13:00:03.517123456Z" level=info
// msg="StartContainer for \"<64 hex>\" returns successfully"`.
//
// Normal traffic, about 14 lines a second: some 30 pods (DaemonSets: calico-node,
// kube-proxy, node-local-dns, csi-rbdplugin, node-exporter, promtail, an OpenTelemetry
// agent; coredns, the ingress controller, cert-manager's cainjector, Linkerd's
// destination; RabbitMQ and a PostgreSQL instance; a Redis; eighteen meshed shop pods,
// each with Linkerd's proxy as a sidecar), every readiness and liveness probe logged at
// V(3) as it succeeds, mostly every 10 s (exec probes through containerd, each leaving a
// runc mount unit that systemd reports "Deactivated successfully"); each pod's worker
// resyncing every 60 to 90 s ("Generating pod status", "Waiting for volumes...", "All
// volumes are attached...", "computePodActions got for pod" with its podActions, and
// "Unable to retrieve pull secret" for the pods naming a secret that does not exist);
// the eviction manager every 10 s (its seven observations at V(3), in Go's map order,
// with the root filesystem's use drifting, then "no resources are starved"); CronJobs
// whose pods land on the node now and then (cache-warmer every 5 minutes,
// report-generator every 15, sitemap-builder hourly with an image pull each time): the
// kubelet admitting each pod, its cgroup slice, volumes mounted, containerd's sandbox
// (the shim's plugin lines, Calico's interface coming up in the kernel and networkd),
// container created and started, its exit (systemd's scope and rootfs mount units
// deactivated, TaskExit), the sandbox stopped and the shim cleaned up, volumes unmounted
// (their tmpfs mount units), and the pod deleted three runs later (RemoveContainer,
// RemovePodSandbox); sysstat's collection every 10 minutes; three SSH sessions of an
// administrator through the bastion (logind, the user manager, a few sudo commands) and a
// scanner's preauth probes; chrony changing its source twice. Routine warnings and
// errors: search's readiness probe timing out for a probe or three now and then
// (unready, then ready again, its status patched); "Partial failure issuing
// cadvisor.ContainerInfoV2" after a container starts; containerd's "collecting metrics
// ... cgroup deleted" and "cleanup warnings" of dead shims; ContainerStatus NotFound after
// a removal ("DeleteContainer returned error"); "Unable to fetch pod log stats" for a
// removed pod; now and then "Error syncing pod, skipping" with a KillPodSandbox NotFound;
// "Housekeeping took longer than expected" two to four times; the kernel's hrtimer and
// perf interrupt notes once each.
//
// Benign changes: at 0:24 a rolling update of shop/catalog to 2.14.0 (for each of its two
// pods on the node a new one started, the first pulling the image, and once ready the
// old one deleted with its 30 s grace period; the new pods' lines are the change's for
// 30 minutes); at 1:02 node-local-dns' DaemonSet updated (its pod killed, the new one
// pulling 1.23.1; its lines the change's for 30 minutes); at 1:18 the kubelet's
// verbosity raised to 4 through /debug/flags/v for 20 minutes (the probes' "HTTP-Probe",
// "TCP-Probe", "Exec-Probe runProbe" lines, "SyncLoop (housekeeping)" every 2 s, "SyncLoop
// (SYNC) pods", "syncPod enter/exit", "getSandboxIDByPodUID", volumes remounted at every
// sync); at 2:05 apt-daily-upgrade installing security updates (a daemon reload, ssh
// restarted by openssh-server's postinst, tcpdump's AppArmor profile replaced in the
// kernel's audit); from 2:32 a new CronJob, batch/metrics-rollup, every minute, about
// half its pods landing here.
//
// Incidents: at 0:36 for about 17 minutes recommendations' Java container, its heap grown
// past its 2 GiB limit, OOM-killed over and over: each kill the kernel's full report (one
// entry a line: "invoked oom-killer", the call trace and registers, the memory cgroup's
// usage and memory.stat dump, the task list, "oom-kill:constraint=CONSTRAINT_MEMCG,...",
// "Memory cgroup out of memory: Killed process ... (java)", the oom_reaper), systemd's
// "A process of this unit has been killed by the OOM killer", containerd's TaskOOM and
// TaskExit 137, the kubelet restarting it after a back-off of 10 s, 20 s, 40 s, 80 s,
// 2m40s ("Back-off restarting failed container", BackOff events, "Error syncing pod,
// skipping ... CrashLoopBackOff" every 10 to 15 s), each restart's JVM refusing the
// startup probe for half a minute, ready, killed again a minute or two later; ended by a
// rollout with a higher limit (the new pod's start and the old pod's deletion are the
// incident's). At 1:09 the NIC's link flapping three times in a minute, down for most of
// it once (i40e's "NIC Link is Down"/"Up", networkd's carrier lost/gained): the kubelet's
// lease and node status updates time out, its HTTP/2 connection to the API server is
// declared lost after 45 s, every reflector's watch ends and its relist fails with "no
// route to host" until the link is back. At 1:46 for about 9 minutes disk pressure: a
// one-off export Job started ten minutes before (routine) writes its output into its
// container's layer at 60 MB/s; image GC finds the disk over 85%, deletes the five unused
// images and fails ("Image garbage collection failed once", FreeDiskSpaceFailed); the
// eviction manager's filesystem observations sink; at 90% it reports DiskPressure, finds
// nothing to reclaim, evicts the export pod ("must evict pod(s) to reclaim", "pods ranked
// for eviction", the Evicted event, its container killed), times out waiting for its
// 40 GB of small files to be deleted, evicts search as well, then logs the condition's
// transition period every 10 s for 5 minutes until NodeHasNoDiskPressure (the filesystem
// observations are the incident's while they show the disk over 85%). At 2:19:47 for
// about 4.5 minutes containerd stuck: a report-generator container exits and the unmount
// of its overlay rootfs blocks in syncfs with containerd's metadata lock held; nothing
// is logged for two minutes (exec probes, pod syncs and the eviction manager wait, HTTP
// probes go on), then the kubelet's CRI calls time out (ListPodSandbox, Status, exec
// probes "Probe errored", "Error syncing pod, skipping", a cache-warmer pod's
// RunPodSandbox), the kernel's hung task report for the containerd thread, the PLEG
// unhealthy after 3 minutes ("Skipping pod synchronization", "Node became not ready",
// NodeNotReady); when the unmount completes, containerd catches up (the exit handled, the
// waiting sandbox created, abandoned exec calls failing with context canceled), every
// pod worker syncs at once and the node is Ready again.
var node = Family{
	Name:    "node",
	Role:    Tuning,
	Service: "Kubernetes worker node (kubelet 1.28 at --v=3, containerd 1.7, Ubuntu 22.04): its systemd journal as journalctl -o json",
	Lines:   nodeLines,
}

const (
	nodeOOM  = "recommendations OOM-killed over and over: kernel oom-kill reports, CrashLoopBackOff"
	nodeFlap = "NIC eno1 flapping: link down for most of a minute, the kubelet losing the API server"
	nodeDisk = "disk pressure: an export job fills the root filesystem, image GC fails, pods evicted"
	nodeHang = "containerd stuck in an overlay unmount: CRI calls time out, PLEG unhealthy, node NotReady"
)

const (
	nodeHost         = "prod-worker-07"
	nodeControlPlane = "10.0.0.10:6443"
	nodeKubeletPID   = 1187
	nodeKernel       = "5.15.0-107-generic #117-Ubuntu"
	nodeHardware     = "Dell Inc. PowerEdge R640/0H28RR, BIOS 2.19.1 06/02/2023"
	nodeNIC          = "i40e 0000:3b:00.0 eno1"
	nodeDeadline     = "rpc error: code = DeadlineExceeded desc = context deadline exceeded"
	nodeMemKi        = 197775604 // MemTotal
	nodeAllocKi      = 193450228 // allocatable memory
	nodeFsKi         = 245617356 // the ext4 root filesystem: nodefs and imagefs
	nodeInodes       = 15630336
	nodePidMax       = 4194304
	nodeRegistry     = "registry.example.com"
	nodeProxyImage   = "cr.l5d.io/linkerd/proxy:stable-2.14.10"
	nodeInitImage    = "cr.l5d.io/linkerd/proxy-init:v2.2.3"
	nodeVerbose      = 20 * time.Minute
)

// nodeRec is one journal entry before its place in the file is known: its cursor counts
// entries in file order.
type nodeRec struct {
	at   int64 // when the line was written, ns
	seq  int32
	tr   truth
	body string // its members after journalctl's first four, without the opening brace
}

// nodeProc is a process writing to the journal, with the fields journald adds for it.
type nodeProc struct {
	ident, pid, uid, gid, comm, exe, cmdline, caps, cgroup, unit, slice, invocation, stream, facility string
	tail                                                                                              []field // its trusted fields, once made
}

type nodeProbe struct {
	kind    string // Readiness, Liveness, Startup
	how     string // http, tcp, exec
	port    int
	path    string
	cmd     []string
	period  time.Duration
	timeout int
}

type nodeCtr struct {
	name, image, id string
	init            bool
	probes          []*nodeProbe
	down            [][2]time.Time // not running: no probes
	pid             int
}

type nodeVol struct {
	name, plugin string
	tmpfs        bool // a tmpfs the kubelet mounts: a systemd mount unit
}

type nodePod struct {
	ns, name, uid, ip, sandbox, cali, qos string
	ctrs                                  []*nodeCtr
	vols                                  []nodeVol
	hostNet, pullSecret                   bool
	from, until                           time.Time // running on the node: probed and synced
	tr                                    truth     // the truth of its routine lines until trUntil
	trUntil                               time.Time
	quiet                                 [][2]time.Time // an incident writes its syncs
	shim                                  int
	netns                                 string
}

func (p *nodePod) ref() string { return p.ns + "/" + p.name }

func (p *nodePod) slice() string {
	u := strings.ReplaceAll(p.uid, "-", "_")
	if p.qos == "guaranteed" {
		return "kubepods-pod" + u + ".slice"
	}
	return "kubepods-" + p.qos + "-pod" + u + ".slice"
}

func (p *nodePod) cgroup() string {
	if p.qos == "guaranteed" {
		return "/kubepods.slice/" + p.slice()
	}
	return "/kubepods.slice/kubepods-" + p.qos + ".slice/" + p.slice()
}

func (p *nodePod) ctr(name string) *nodeCtr {
	for _, c := range p.ctrs {
		if c.name == name {
			return c
		}
	}
	return nil
}

// running reports whether the container runs at t (its probes run).
func (c *nodeCtr) running(t time.Time) bool {
	for _, d := range c.down {
		if !t.Before(d[0]) && t.Before(d[1]) {
			return false
		}
	}
	return true
}

func nodeIn(t time.Time, ws [][2]time.Time) bool {
	for _, w := range ws {
		if !t.Before(w[0]) && t.Before(w[1]) {
			return true
		}
	}
	return false
}

// nodeCron is a CronJob whose pods the scheduler now and then puts on the node.
type nodeCron struct {
	ns, name, image string
	period, offset  time.Duration
	share           float64 // the runs that land on this node
	median          float64 // seconds a run takes
	always          bool    // imagePullPolicy: Always
	qos             string
	from            time.Time
	tr              truth
}

type nodeLog struct {
	g *gen
	j *journal

	start, end, boot, kubeletUp time.Time
	machine, bootID, seqID      string
	seq0                        int64
	recs                        []nodeRec
	jobID, ipNext, auditSerial  int

	kubelet, containerd, networkd, logind, sshd, chronyd *nodeProc
	sshdNew                                              *nodeProc
	sshRestart                                           time.Time

	pods  []*nodePod
	crons []*nodeCron

	deploy, dns, verbose, apt, minutely change
	oomAt, oomEnd                       time.Time
	flapAt, flapEnd                     time.Time
	diskAt, diskEnd                     time.Time
	hangAt, hangEnd                     time.Time

	// The disk incident, as the eviction manager finds it.
	writeStart, killAt, rmStart, rmEnd, searchFreed time.Time
	exportBytes, writeRate                          float64
	export, search, recos, storefront               *nodePod
	catalog, localDNS                               []*nodePod
	gcPhase                                         time.Time
	removable                                       []nodeImage
}

type nodeImage struct {
	ref, id string
	size    int64
}

// nodeRecv is when journald stores a line written at ns: some tens of µs later.
func nodeRecv(ns int64) int64 {
	us := ns / 1000
	return us - us%97 + 97 + 11
}

func (n *nodeLog) emit(tr truth, at time.Time, fields ...field) {
	body := jsonLine(fields...)
	n.recs = append(n.recs, nodeRec{at: at.UnixNano(), seq: int32(len(n.recs)), tr: tr, body: body[1:]})
}

// finish puts the entries in file order, gives them their cursors and hands them to the
// journal.
func (n *nodeLog) finish() []Line {
	sort.Slice(n.recs, func(a, b int) bool {
		if n.recs[a].at != n.recs[b].at {
			return n.recs[a].at < n.recs[b].at
		}
		return n.recs[a].seq < n.recs[b].seq
	})
	from, to, boot := n.start.UnixMicro(), n.end.UnixMicro(), n.boot.UnixMicro()
	seq := n.seq0
	var b strings.Builder
	var last int64
	for _, r := range n.recs {
		// journald stores the entries in the order it reads them, each at its own time
		recv := max(nodeRecv(r.at), last+1)
		last = recv
		if recv < from || recv >= to {
			continue
		}
		mono := recv - boot
		b.Reset()
		b.Grow(len(r.body) + 256)
		b.WriteString(`{"__CURSOR":"s=`)
		b.WriteString(n.seqID)
		fmt.Fprintf(&b, ";i=%x;b=%s;m=%x;t=%x;x=%016x", seq, n.bootID, mono, recv, n.g.rng.Uint64()) // x: the entry's hash
		b.WriteString(`","__REALTIME_TIMESTAMP":"`)
		b.WriteString(strconv.FormatInt(recv, 10))
		b.WriteString(`","__MONOTONIC_TIMESTAMP":"`)
		b.WriteString(strconv.FormatInt(mono, 10))
		b.WriteString(`","_BOOT_ID":"`)
		b.WriteString(n.bootID)
		b.WriteString(`",`)
		b.WriteString(r.body)
		n.j.add(r.tr, time.UnixMicro(recv).UTC(), b.String())
		seq++
	}
	n.recs = nil
	return n.j.sorted(n.end)
}

func (n *nodeLog) trusted(p *nodeProc) []field {
	if p.tail != nil {
		return p.tail
	}
	f := []field{{"_PID", p.pid}, {"_UID", p.uid}, {"_GID", p.gid}, {"_COMM", p.comm}, {"_EXE", p.exe}, {"_CMDLINE", p.cmdline},
		{"_CAP_EFFECTIVE", p.caps}, {"_SELINUX_CONTEXT", "unconfined\n"}, {"_SYSTEMD_CGROUP", p.cgroup}, {"_SYSTEMD_UNIT", p.unit}, {"_SYSTEMD_SLICE", p.slice}}
	if p.invocation != "" {
		f = append(f, field{"_SYSTEMD_INVOCATION_ID", p.invocation})
	}
	p.tail = f
	return f
}

// stdout is a line a service wrote to its standard output or error: journald gives it
// the stream's priority, info, whatever the line says.
func (n *nodeLog) stdout(p *nodeProc, tr truth, at time.Time, msg string) {
	t := n.trusted(p)
	f := make([]field, 0, 8+len(t))
	f = append(f, field{"_TRANSPORT", "stdout"}, field{"_STREAM_ID", p.stream}, field{"PRIORITY", "6"}, field{"SYSLOG_FACILITY", "3"},
		field{"SYSLOG_IDENTIFIER", p.ident}, field{"MESSAGE", msg})
	f = append(f, t...)
	n.emit(tr, at, append(f, field{"_MACHINE_ID", n.machine}, field{"_HOSTNAME", nodeHost})...)
}

// native is a line a systemd daemon sent with sd_journal: its code location and fields.
func (n *nodeLog) native(p *nodeProc, tr truth, at time.Time, prio, code string, extra []field, msg string) {
	file, line, fn := nodeCode(code)
	f := []field{{"PRIORITY", prio}, {"SYSLOG_FACILITY", p.facility}, {"CODE_FILE", file}, {"CODE_LINE", line}, {"CODE_FUNC", fn}, {"SYSLOG_IDENTIFIER", p.ident}}
	f = append(f, extra...)
	f = append(f, field{"MESSAGE", msg}, field{"_TRANSPORT", "journal"})
	f = append(f, n.trusted(p)...)
	n.emit(tr, at, append(f, field{"_SOURCE_REALTIME_TIMESTAMP", strconv.FormatInt(at.UnixMicro(), 10)}, field{"_MACHINE_ID", n.machine}, field{"_HOSTNAME", nodeHost})...)
}

// syslog is a line sent to /dev/log (sshd, sudo, chronyd).
func (n *nodeLog) syslog(p *nodeProc, tr truth, at time.Time, prio, facility, msg string) {
	f := []field{{"_TRANSPORT", "syslog"}, {"PRIORITY", prio}, {"SYSLOG_FACILITY", facility}, {"SYSLOG_IDENTIFIER", p.ident}, {"SYSLOG_PID", p.pid},
		{"SYSLOG_TIMESTAMP", at.Format("Jan _2 15:04:05 ")}, {"MESSAGE", msg}}
	f = append(f, n.trusted(p)...)
	n.emit(tr, at, append(f, field{"_SOURCE_REALTIME_TIMESTAMP", strconv.FormatInt(at.UnixMicro(), 10)}, field{"_MACHINE_ID", n.machine}, field{"_HOSTNAME", nodeHost})...)
}

// kern is a kernel message, read from /dev/kmsg.
func (n *nodeLog) kern(tr truth, at time.Time, prio, msg string, dev ...field) {
	f := []field{{"_TRANSPORT", "kernel"}, {"PRIORITY", prio}, {"SYSLOG_FACILITY", "0"}, {"_SOURCE_MONOTONIC_TIMESTAMP", strconv.FormatInt(at.Sub(n.boot).Microseconds(), 10)}}
	f = append(f, dev...)
	n.emit(tr, at, append(f, field{"SYSLOG_IDENTIFIER", "kernel"}, field{"MESSAGE", msg}, field{"_MACHINE_ID", n.machine}, field{"_HOSTNAME", nodeHost})...)
}

var nodeSystemd = &nodeProc{ident: "systemd", pid: "1", uid: "0", gid: "0", comm: "systemd", exe: "/usr/lib/systemd/systemd", cmdline: "/sbin/init",
	caps: "1ffffffffff", cgroup: "/init.scope", unit: "init.scope", slice: "-.slice", facility: "3"}

// sd is a line of systemd itself about a unit.
func (n *nodeLog) sd(tr truth, at time.Time, prio, code, unit string, extra []field, msg string) {
	f := []field{}
	if unit != "" {
		f = append(f, field{"UNIT", unit})
	}
	n.native(nodeSystemd, tr, at, prio, code, append(f, extra...), msg)
}

func nodeCode(code string) (string, string, string) {
	a := strings.SplitN(code, ":", 3)
	return a[0], a[1], a[2]
}

// The systemd messages about units.
func (n *nodeLog) deactivated(tr truth, at time.Time, unit string) {
	n.sd(tr, at, "6", "src/core/unit.c:5795:unit_log_success", unit, []field{{"MESSAGE_ID", "7ad2d189f7e94e70a38c781354912448"}, {"INVOCATION_ID", n.g.hex(32)}}, unit+": Deactivated successfully.")
}

func (n *nodeLog) consumed(tr truth, at time.Time, unit string, cpu time.Duration) {
	n.sd(tr, at, "6", "src/core/unit.c:2238:unit_log_resources", unit, []field{{"MESSAGE_ID", "ae8f7b866b0347b9af31fe1c80b127c0"}, {"INVOCATION_ID", n.g.hex(32)},
		{"CPU_USAGE_NSEC", strconv.FormatInt(cpu.Nanoseconds(), 10)}}, unit+": Consumed "+nodeSpan(cpu)+" CPU time.")
}

// job writes a job's start ("Starting ...") or result ("Started ...", "Removed slice ...").
func (n *nodeLog) job(tr truth, at time.Time, unit, kind, msg string) {
	n.jobID++
	id := strconv.Itoa(n.jobID)
	switch kind {
	case "starting":
		n.sd(tr, at, "6", "src/core/job.c:589:job_emit_start_message", unit, []field{{"MESSAGE_ID", "7d4958e842da4a758f6c1cdc7b36dcc5"}, {"JOB_ID", id}, {"JOB_TYPE", "start"}}, msg)
	case "stopping":
		n.sd(tr, at, "6", "src/core/job.c:589:job_emit_start_message", unit, []field{{"MESSAGE_ID", "de5b426a63be47a7b6ac3eaac82e2f6f"}, {"JOB_ID", id}, {"JOB_TYPE", "stop"}}, msg)
	case "started":
		n.sd(tr, at, "6", "src/core/job.c:768:job_emit_done_message", unit, []field{{"MESSAGE_ID", "39f53479d3a045ac8e11786248231fbf"}, {"JOB_ID", id}, {"JOB_TYPE", "start"}, {"JOB_RESULT", "done"}}, msg)
	case "stopped":
		n.sd(tr, at, "6", "src/core/job.c:768:job_emit_done_message", unit, []field{{"MESSAGE_ID", "9d1aaa27d60140bd96365438aad20286"}, {"JOB_ID", id}, {"JOB_TYPE", "stop"}, {"JOB_RESULT", "done"}}, msg)
	}
}

// nodeSpan formats a duration as systemd does (format_timespan to the millisecond).
func nodeSpan(d time.Duration) string {
	d = d.Round(time.Millisecond)
	var parts []string
	if days := d / (24 * time.Hour); days > 0 {
		parts = append(parts, fmt.Sprintf("%dd", days))
		d -= days * 24 * time.Hour
	}
	if h := d / time.Hour; h > 0 {
		parts = append(parts, fmt.Sprintf("%dh", h))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		parts = append(parts, fmt.Sprintf("%dmin", m))
		d -= m * time.Minute
	}
	switch {
	case d >= time.Second:
		s := strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		parts = append(parts, s+"s")
	case d > 0 || len(parts) == 0:
		parts = append(parts, fmt.Sprintf("%dms", d/time.Millisecond))
	}
	return strings.Join(parts, " ")
}

// nodeUnit is the systemd unit name of a path (systemd-escape --path).
func nodeUnit(path, suffix string) string {
	path = strings.Trim(path, "/")
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c == '/':
			b.WriteByte('-')
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '_' || c == '.' && i > 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String() + "." + suffix
}

// nodeRaw is a klog value written as it is: a number, a list, an object.
type nodeRaw string

// nodeKV writes a klog structured message: the quoted message, then key=value pairs.
func nodeKV(msg string, kv ...any) string {
	var b strings.Builder
	b.WriteString(strconv.Quote(msg))
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i].(string))
		b.WriteByte('=')
		switch v := kv[i+1].(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case nodeRaw:
			b.WriteString(string(v))
		case int:
			b.WriteString(strconv.Itoa(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case bool:
			b.WriteString(strconv.FormatBool(v))
		case float64:
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	return b.String()
}

// kl is a kubelet line in klog's format: `I0613 13:00:03.517123    1187 prober.go:107] ...`.
func (n *nodeLog) kl(tr truth, at time.Time, sev byte, src, msg string, kv ...any) {
	n.stdout(n.kubelet, tr, at, fmt.Sprintf("%c%s %7d %s] %s", sev, at.Format("0102 15:04:05.000000"), nodeKubeletPID, src, nodeKV(msg, kv...)))
}

// nodeLogfmt quotes a logrus value when it needs it.
func nodeLogfmt(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+') {
			return strconv.Quote(s)
		}
	}
	return s
}

// cd is a containerd line in logrus' text format, its fields in alphabetical order.
func (n *nodeLog) cd(tr truth, at time.Time, level, msg string, kv ...string) {
	var b strings.Builder
	b.WriteString(`time="`)
	b.WriteString(at.Format(time.RFC3339Nano))
	b.WriteString(`" level=`)
	b.WriteString(level)
	b.WriteString(" msg=")
	b.WriteString(nodeLogfmt(msg))
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i])
		b.WriteByte('=')
		b.WriteString(nodeLogfmt(kv[i+1]))
	}
	n.stdout(n.containerd, tr, at, b.String())
}

// event is an event the kubelet records, which it also logs at V(3).
func (n *nodeLog) event(tr truth, at time.Time, p *nodePod, container, typ, reason, msg string) {
	fieldPath := ""
	if container != "" {
		fieldPath = "spec.containers{" + container + "}"
		if c := p.ctr(container); c != nil && c.init {
			fieldPath = "spec.initContainers{" + container + "}"
		}
	}
	n.kl(tr, at, 'I', "event.go:307", "Event occurred", "object", p.ref(), "fieldPath", fieldPath, "kind", "Pod", "apiVersion", "v1", "type", typ, "reason", reason, "message", msg)
}

func (n *nodeLog) nodeEvent(tr truth, at time.Time, typ, reason, msg string) {
	n.kl(tr, at, 'I', "event.go:307", "Event occurred", "object", nodeHost, "fieldPath", "", "kind", "Node", "apiVersion", "", "type", typ, "reason", reason, "message", msg)
}

// ms is a random duration between lo and hi milliseconds.
func (n *nodeLog) ms(lo, hi float64) time.Duration {
	return time.Duration((lo + (hi-lo)*n.g.rng.Float64()) * float64(time.Millisecond))
}

// pid is a process id the kernel hands out at t: they count up through the day.
func (n *nodeLog) pid(t time.Time) int {
	return 2871000 + int(t.Sub(n.start).Seconds()*31) + n.g.intn(40)
}

// kubeletTime writes a time as the kubelet's Go values print, with the monotonic clock.
func (n *nodeLog) kubeletTime(t time.Time) string {
	return fmt.Sprintf("%s m=+%.9f", t.Format("2006-01-02 15:04:05.999999999 -0700 MST"), t.Sub(n.kubeletUp).Seconds())
}

// nodeBinary writes bytes as a resource.Quantity in BinarySI does.
func nodeBinary(b int64) string {
	for _, u := range []struct {
		s string
		v int64
	}{{"Ti", 1 << 40}, {"Gi", 1 << 30}, {"Mi", 1 << 20}, {"Ki", 1 << 10}} {
		if b != 0 && b%u.v == 0 {
			return strconv.FormatInt(b/u.v, 10) + u.s
		}
	}
	return strconv.FormatInt(b, 10)
}

// nodeDecimal writes a count as a resource.Quantity in DecimalSI does.
func nodeDecimal(v int64) string {
	for _, u := range []struct {
		s string
		v int64
	}{{"G", 1e9}, {"M", 1e6}, {"k", 1e3}} {
		if v != 0 && v%u.v == 0 {
			return strconv.FormatInt(v/u.v, 10) + u.s
		}
	}
	return strconv.FormatInt(v, 10)
}

func nodeQuote(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return "[" + strings.Join(q, ",") + "]"
}

func (n *nodeLog) podIP() string {
	n.ipNext += 1 + n.g.intn(3)
	return fmt.Sprintf("10.244.57.%d", 2+n.ipNext%250)
}

func (n *nodeLog) v4(t time.Time) bool { return within(t, n.verbose.start, nodeVerbose) }

// hung reports whether containerd does not answer at t.
func (n *nodeLog) hung(t time.Time) bool { return within(t, n.hangAt, n.hangEnd.Sub(n.hangAt)) }

// podTruth is the truth of a pod's routine lines at t.
func (n *nodeLog) podTruth(p *nodePod, t time.Time) truth {
	if t.Before(p.trUntil) {
		return p.tr
	}
	return routine
}

func nodeLines(seed int64) []Line {
	start := time.Date(2024, 6, 13, 13, 0, 0, 0, time.UTC)
	g := newGen(seed, 18)
	at := func(d time.Duration) time.Time {
		return start.Add(d + time.Duration(g.between(0, 40000))*time.Millisecond)
	}
	n := &nodeLog{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	n.boot = start.Add(-11*24*time.Hour - time.Duration(g.between(0, 86399))*time.Second - time.Duration(g.intn(1000000))*time.Microsecond)
	n.kubeletUp = n.boot.Add(31*time.Second + n.ms(0, 900))
	n.machine, n.bootID, n.seqID = g.hex(32), g.hex(32), g.hex(32)
	n.seq0 = int64(g.between(0x2f0000, 0x6f0000))
	n.jobID = g.between(41000, 52000)
	n.auditSerial = g.between(3000, 9000)
	n.ipNext = g.between(0, 40)

	n.deploy = change{"rolling update of shop/catalog to 2.14.0: both of its pods on the node replaced", at(24 * time.Minute)}
	n.dns = change{"node-local-dns DaemonSet updated to 1.23.1: its pod on the node replaced", at(62 * time.Minute)}
	n.verbose = change{"kubelet log verbosity raised from 3 to 4 for 20 minutes (/debug/flags/v)", at(78 * time.Minute)}
	n.apt = change{"apt-daily-upgrade: unattended security upgrades of openssh, libssl3 and tcpdump", at(125 * time.Minute)}
	n.minutely = change{"new CronJob batch/metrics-rollup running every minute", start.Add(152 * time.Minute)}
	n.oomAt = at(36 * time.Minute)
	n.flapAt = at(69 * time.Minute)
	n.diskAt = at(106 * time.Minute)
	n.hangAt = start.Add(139*time.Minute + 47*time.Second + n.ms(0, 900))
	n.hangEnd = n.hangAt.Add(4*time.Minute + 20*time.Second + n.ms(-8000, 8000))

	n.processes()
	n.topology()
	n.oomIncident()
	n.rollout()
	n.dnsUpdate()
	n.diskIncident() // the eviction manager, every 10 s, and what the export job does to it
	n.flapIncident()
	n.hangIncident()
	n.cronJobs()
	for _, p := range n.pods {
		for _, c := range p.ctrs {
			for _, pr := range c.probes {
				n.probeLoop(p, c, pr)
			}
		}
		n.syncLoop(p)
	}
	n.housekeeping()
	n.timers()
	n.aptUpgrade()
	n.sessions()
	n.noise()
	return n.finish()
}

func (n *nodeLog) processes() {
	g := n.g
	n.kubelet = &nodeProc{ident: "kubelet", pid: strconv.Itoa(nodeKubeletPID), uid: "0", gid: "0", comm: "kubelet", exe: "/usr/bin/kubelet",
		cmdline: "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9 --v=3",
		caps:    "1ffffffffff", cgroup: "/system.slice/kubelet.service", unit: "kubelet.service", slice: "system.slice", invocation: g.hex(32), stream: g.hex(32), facility: "3"}
	n.containerd = &nodeProc{ident: "containerd", pid: "1043", uid: "0", gid: "0", comm: "containerd", exe: "/usr/bin/containerd", cmdline: "/usr/bin/containerd",
		caps: "1ffffffffff", cgroup: "/system.slice/containerd.service", unit: "containerd.service", slice: "system.slice", invocation: g.hex(32), stream: g.hex(32), facility: "3"}
	n.networkd = &nodeProc{ident: "systemd-networkd", pid: "812", uid: "100", gid: "102", comm: "systemd-network", exe: "/usr/lib/systemd/systemd-networkd", cmdline: "/lib/systemd/systemd-networkd",
		caps: "3c00", cgroup: "/system.slice/systemd-networkd.service", unit: "systemd-networkd.service", slice: "system.slice", invocation: g.hex(32), facility: "3"}
	n.logind = &nodeProc{ident: "systemd-logind", pid: "1019", uid: "0", gid: "0", comm: "systemd-logind", exe: "/usr/lib/systemd/systemd-logind", cmdline: "/lib/systemd/systemd-logind",
		caps: "24420002", cgroup: "/system.slice/systemd-logind.service", unit: "systemd-logind.service", slice: "system.slice", invocation: g.hex(32), facility: "4"}
	n.sshd = &nodeProc{ident: "sshd", pid: "1065", uid: "0", gid: "0", comm: "sshd", exe: "/usr/sbin/sshd", cmdline: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
		caps: "1ffffffffff", cgroup: "/system.slice/ssh.service", unit: "ssh.service", slice: "system.slice", invocation: g.hex(32), facility: "4"}
	n.chronyd = &nodeProc{ident: "chronyd", pid: "905", uid: "118", gid: "127", comm: "chronyd", exe: "/usr/sbin/chronyd", cmdline: "/usr/sbin/chronyd -F 1",
		caps: "2000000", cgroup: "/system.slice/chrony.service", unit: "chrony.service", slice: "system.slice", invocation: g.hex(32), facility: "3"}
}

func nodeHTTP(kind string, port int, path string, period int) *nodeProbe {
	return &nodeProbe{kind: kind, how: "http", port: port, path: path, period: time.Duration(period) * time.Second, timeout: 1}
}

func nodeTCP(kind string, port, period int) *nodeProbe {
	return &nodeProbe{kind: kind, how: "tcp", port: port, period: time.Duration(period) * time.Second, timeout: 1}
}

func nodeExec(kind string, period, timeout int, cmd ...string) *nodeProbe {
	return &nodeProbe{kind: kind, how: "exec", cmd: cmd, period: time.Duration(period) * time.Second, timeout: timeout}
}

func nodeC(name, image string, probes ...*nodeProbe) *nodeCtr {
	return &nodeCtr{name: name, image: image, probes: probes}
}

// newPod makes a pod (not yet on the node's list) with its service account token volume.
func (n *nodeLog) newPod(ns, name, qos string, ctrs ...*nodeCtr) *nodePod {
	g := n.g
	p := &nodePod{ns: ns, name: name, uid: g.uuid(), ip: n.podIP(), sandbox: g.hex(64), cali: "cali" + g.hex(11), qos: qos, ctrs: ctrs,
		from: n.start.Add(-time.Duration(g.between(3600, 20*86400)) * time.Second), until: n.end.Add(time.Hour), tr: routine, netns: g.uuid()}
	p.vols = []nodeVol{{"kube-api-access-" + g.alnum(5), "kubernetes.io/projected", true}}
	for _, c := range ctrs {
		c.id, c.pid = g.hex(64), g.between(4000, 2800000)
	}
	return p
}

// meshed adds Linkerd's proxy to a pod: its init container, the sidecar and their volumes.
func (n *nodeLog) meshed(p *nodePod) *nodePod {
	g := n.g
	proxy := nodeC("linkerd-proxy", nodeProxyImage, nodeHTTP("Liveness", 4191, "/live", 10), nodeHTTP("Readiness", 4191, "/ready", 10))
	proxy.id, proxy.pid = g.hex(64), g.between(4000, 2800000)
	ini := nodeC("linkerd-init", nodeInitImage)
	ini.id, ini.init = g.hex(64), true
	p.ctrs = append([]*nodeCtr{ini, proxy}, p.ctrs...)
	p.vols = append(p.vols, nodeVol{"linkerd-identity-end-entity", "kubernetes.io/empty-dir", true}, nodeVol{"linkerd-proxy-init-xtables-lock", "kubernetes.io/empty-dir", false})
	return p
}

// shopPod is one pod of a meshed Deployment of the shop.
func (n *nodeLog) shopPod(name, hash, image string, probes ...*nodeProbe) *nodePod {
	p := n.newPod("shop", name+"-"+hash+"-"+n.g.alnum(5), "burstable", nodeC(name, nodeRegistry+"/shop/"+image, probes...))
	p.vols = append(p.vols, nodeVol{name + "-config", "kubernetes.io/configmap", false})
	return n.meshed(p)
}

func (n *nodeLog) topology() {
	g := n.g
	add := func(p *nodePod) *nodePod {
		n.pods = append(n.pods, p)
		return p
	}
	ds := func(ns, name string, hostNet bool, ctrs ...*nodeCtr) *nodePod {
		p := add(n.newPod(ns, name+"-"+g.alnum(5), "burstable", ctrs...))
		p.hostNet = hostNet
		return p
	}
	ds("kube-system", "calico-node", true, nodeC("calico-node", "docker.io/calico/node:v3.27.3",
		nodeExec("Liveness", 10, 10, "/bin/calico-node", "-felix-live", "-bird-live"), nodeExec("Readiness", 10, 10, "/bin/calico-node", "-felix-ready", "-bird-ready")))
	ds("kube-system", "kube-proxy", true, nodeC("kube-proxy", "registry.k8s.io/kube-proxy:v1.28.9")).vols = append(n.pods[len(n.pods)-1].vols, nodeVol{"kube-proxy", "kubernetes.io/configmap", false})
	dns := ds("kube-system", "node-local-dns", true, nodeC("node-cache", "registry.k8s.io/dns/k8s-dns-node-cache:1.22.28", nodeHTTP("Liveness", 8080, "/health", 10)))
	dns.ip = "169.254.20.10"
	dns.vols = append(dns.vols, nodeVol{"config-volume", "kubernetes.io/configmap", false})
	n.localDNS = []*nodePod{dns}
	add(n.newPod("kube-system", "coredns-5d78c9869d-"+g.alnum(5), "burstable", nodeC("coredns", "registry.k8s.io/coredns/coredns:v1.10.1",
		nodeHTTP("Liveness", 8080, "/health", 10), nodeHTTP("Readiness", 8181, "/ready", 10))))
	ds("kube-system", "csi-rbdplugin", true, nodeC("driver-registrar", "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1"),
		nodeC("csi-rbdplugin", "quay.io/cephcsi/cephcsi:v3.11.0"), nodeC("liveness-prometheus", "quay.io/cephcsi/cephcsi:v3.11.0"))
	ne := ds("monitoring", "node-exporter", true, nodeC("node-exporter", "quay.io/prometheus/node-exporter:v1.8.0", nodeHTTP("Liveness", 9100, "/", 10), nodeHTTP("Readiness", 9100, "/", 10)))
	ne.ip = "10.0.3.47"
	ds("monitoring", "promtail", false, nodeC("promtail", "docker.io/grafana/promtail:2.9.8", nodeHTTP("Readiness", 3101, "/ready", 10)))
	ds("observability", "otel-agent", false, nodeC("otel-collector", "docker.io/otel/opentelemetry-collector-contrib:0.101.0", nodeHTTP("Liveness", 13133, "/", 10), nodeHTTP("Readiness", 13133, "/", 10)))
	add(n.newPod("ingress-nginx", "ingress-nginx-controller-6d7d8c9f5c-"+g.alnum(5), "burstable", nodeC("controller", "registry.k8s.io/ingress-nginx/controller:v1.10.1",
		nodeHTTP("Liveness", 10254, "/healthz", 10), nodeHTTP("Readiness", 10254, "/healthz", 10)))).vols = append(n.pods[len(n.pods)-1].vols, nodeVol{"webhook-cert", "kubernetes.io/secret", true})
	add(n.newPod("cert-manager", "cert-manager-cainjector-7bb6786867-"+g.alnum(5), "burstable", nodeC("cert-manager-cainjector", "quay.io/jetstack/cert-manager-cainjector:v1.14.5")))
	add(n.meshed(n.newPod("linkerd", "linkerd-destination-6c4d5f8b7-"+g.alnum(5), "burstable",
		nodeC("destination", "cr.l5d.io/linkerd/controller:stable-2.14.10", nodeHTTP("Liveness", 9996, "/ping", 10), nodeHTTP("Readiness", 9996, "/ready", 10)),
		nodeC("sp-validator", "cr.l5d.io/linkerd/controller:stable-2.14.10", nodeHTTP("Liveness", 9997, "/ping", 10), nodeHTTP("Readiness", 9997, "/ready", 10)),
		nodeC("policy", "cr.l5d.io/linkerd/policy-controller:stable-2.14.10", nodeHTTP("Liveness", 9990, "/live", 10), nodeHTTP("Readiness", 9990, "/ready", 10)))))
	rabbit := add(n.newPod("data", "rabbitmq-server-1", "guaranteed", nodeC("rabbitmq", "docker.io/bitnami/rabbitmq:3.13.2-debian-12-r0",
		nodeTCP("Readiness", 5672, 10), nodeExec("Liveness", 30, 20, "rabbitmq-diagnostics", "-q", "check_running"))))
	rabbit.vols = append(rabbit.vols, nodeVol{"rabbitmq-config", "kubernetes.io/configmap", false}, nodeVol{"pvc-4f1c8e2a-6b3d-4e7f-9a1c-2d5e8f0b3c6a", "kubernetes.io/csi", false})
	add(n.newPod("data", "postgres-orders-2", "guaranteed", nodeC("postgres", "ghcr.io/cloudnative-pg/postgresql:16.3",
		nodeHTTP("Liveness", 8000, "/healthz", 10), nodeHTTP("Readiness", 8000, "/readyz", 10))))
	redis := add(n.newPod("shop", "redis-cart-0", "burstable", nodeC("redis", "docker.io/library/redis:7.2.4-alpine",
		nodeTCP("Liveness", 6379, 10), nodeExec("Readiness", 5, 1, "redis-cli", "ping"))))
	redis.vols = append(redis.vols, nodeVol{"redis-conf", "kubernetes.io/configmap", false})

	n.storefront = add(n.shopPod("storefront", "7f9c6d8b5c", "storefront:5.2.0", nodeHTTP("Readiness", 3000, "/api/health", 5), nodeHTTP("Liveness", 3000, "/api/health", 10)))
	n.storefront.pullSecret = true
	add(n.shopPod("storefront", "7f9c6d8b5c", "storefront:5.2.0", nodeHTTP("Readiness", 3000, "/api/health", 5), nodeHTTP("Liveness", 3000, "/api/health", 10))).pullSecret = true
	for i := 0; i < 2; i++ {
		n.catalog = append(n.catalog, add(n.shopPod("catalog", "5b7d9f6c8d", "catalog:2.13.4", nodeHTTP("Readiness", 8080, "/ready", 10), nodeHTTP("Liveness", 8080, "/live", 20))))
	}
	add(n.shopPod("checkout", "7d9f8c6b5d", "checkout:1.31.2", nodeHTTP("Readiness", 8080, "/healthz", 10), nodeHTTP("Liveness", 8080, "/healthz", 10))).pullSecret = true
	add(n.shopPod("cart", "6f8d7c9b5", "cart:4.4.1", nodeHTTP("Readiness", 8080, "/health/ready", 10), nodeHTTP("Liveness", 8080, "/health/live", 10))).pullSecret = true
	n.recos = add(n.shopPod("recommendations", "6b8d9c7f4", "recommendations:3.8.2", nodeHTTP("Startup", 8080, "/actuator/health/liveness", 5),
		nodeHTTP("Readiness", 8080, "/actuator/health/readiness", 10), nodeHTTP("Liveness", 8080, "/actuator/health/liveness", 15)))
	n.search = add(n.shopPod("search", "7c9d8f6b4d", "search:1.9.0", nodeHTTP("Readiness", 8080, "/ready", 10), nodeHTTP("Liveness", 8080, "/live", 20)))
	n.search.vols = append(n.search.vols, nodeVol{"index-cache", "kubernetes.io/empty-dir", false})
	add(n.shopPod("orders", "84f6d9c7b8", "orders:3.2.7", nodeHTTP("Readiness", 8080, "/healthz", 10), nodeHTTP("Liveness", 8080, "/healthz", 10))).pullSecret = true
	add(n.shopPod("inventory", "5f7b8d6c9", "inventory:2.7.3", nodeHTTP("Readiness", 8080, "/health", 10), nodeHTTP("Liveness", 8080, "/health", 10)))
	add(n.shopPod("payments", "6d8f9b7c5", "payments:6.0.4", nodeHTTP("Readiness", 8080, "/actuator/health/readiness", 10), nodeHTTP("Liveness", 8080, "/actuator/health/liveness", 10)))
	add(n.shopPod("user-profile", "6c7d8f9b6", "user-profile:1.12.0", nodeHTTP("Readiness", 8080, "/healthz", 10), nodeHTTP("Liveness", 8080, "/healthz", 10)))
	add(n.shopPod("pricing", "7b8c9d6f5", "pricing:0.18.3", nodeHTTP("Readiness", 9000, "/health", 10), nodeTCP("Liveness", 9000, 20)))
	add(n.shopPod("reviews", "5c6d7f8b9", "reviews:2.3.1", nodeHTTP("Readiness", 8080, "/ready", 10), nodeHTTP("Liveness", 8080, "/live", 10)))
	add(n.shopPod("shipping", "8d7c6b5f4", "shipping:1.6.2", nodeHTTP("Readiness", 8080, "/healthz", 10), nodeHTTP("Liveness", 8080, "/healthz", 10)))
	add(n.shopPod("notifications-worker", "7b9c8d6f5", "notifications-worker:0.9.7", nodeExec("Liveness", 15, 1, "/bin/grpc_health_probe", "-addr=:9090")))
	add(n.shopPod("ads", "7d8c9b6f5", "ads:1.4.2", nodeHTTP("Readiness", 8080, "/healthz", 10), nodeHTTP("Liveness", 8080, "/healthz", 10)))
	add(n.shopPod("currency", "6b5c8d7f9", "currency:2.0.1", nodeExec("Readiness", 10, 1, "/bin/grpc_health_probe", "-addr=:7000"), nodeExec("Liveness", 10, 1, "/bin/grpc_health_probe", "-addr=:7000")))

	n.crons = []*nodeCron{
		{ns: "batch", name: "cache-warmer", image: nodeRegistry + "/batch/cache-warmer:0.9.3", period: 5 * time.Minute, share: 0.45, median: 28, qos: "besteffort", tr: routine},
		{ns: "batch", name: "report-generator", image: nodeRegistry + "/batch/report-generator:2.1.0", period: 15 * time.Minute, share: 0.5, median: 95, qos: "burstable", tr: routine},
		{ns: "shop", name: "sitemap-builder", image: nodeRegistry + "/web/sitemap-builder:1.4.0", period: time.Hour, offset: 7 * time.Minute, share: 1, median: 210, always: true, qos: "burstable", tr: routine},
		{ns: "batch", name: "metrics-rollup", image: nodeRegistry + "/batch/metrics-rollup:1.0.0", period: time.Minute, share: 0.55, median: 14, qos: "besteffort", from: n.minutely.start, tr: n.minutely.truth()},
	}
	// Unused images the image garbage collector may delete.
	n.removable = []nodeImage{
		{nodeRegistry + "/web/sitemap-builder:1.3.2", "sha256:" + g.hex(64), int64(g.between(180e6, 240e6))},
		{nodeRegistry + "/shop/storefront:5.1.3", "sha256:" + g.hex(64), int64(g.between(310e6, 380e6))},
		{nodeRegistry + "/batch/report-generator:2.0.4", "sha256:" + g.hex(64), int64(g.between(420e6, 520e6))},
	}
}

func (v nodeVol) unique(p *nodePod) string { return v.plugin + "/" + p.uid + "-" + v.name }

func (v nodeVol) unit(p *nodePod) string {
	return nodeUnit("/var/lib/kubelet/pods/"+p.uid+"/volumes/"+strings.Replace(v.plugin, "/", "~", 1)+"/"+v.name, "mount")
}

func (v nodeVol) detail(msg string, p *nodePod) string {
	return fmt.Sprintf("%s for volume %q (UniqueName: %q) pod %q (UID: %q) ", msg, v.name, v.unique(p), p.name, p.uid)
}

// nodePull is how the kubelet gets a container's image: pulled (for d), or present.
type nodePull struct {
	d     time.Duration
	size  int64
	fresh bool // a tag the node did not have
}

func (n *nodeLog) pods1(p *nodePod) nodeRaw { return nodeRaw(nodeQuote([]string{p.ref()})) }

// admit writes the kubelet taking a new pod, from its SyncLoop ADD at t: admission, the
// pod's cgroup, its volumes; it returns when it asks for the sandbox.
func (n *nodeLog) admit(p *nodePod, t time.Time, tr truth) time.Time {
	n.kl(tr, t, 'I', "kubelet.go:2405", "SyncLoop ADD", "source", "api", "pods", n.pods1(p))
	t = t.Add(n.ms(0.1, 0.6))
	n.kl(tr, t, 'I', "topology_manager.go:215", "Topology Admit Handler", "podUID", p.uid, "podNamespace", p.ns, "podName", p.name)
	t = t.Add(n.ms(2, 9))
	n.job(tr, t, p.slice(), "started", "Created slice libcontainer container "+p.slice()+".")
	t = t.Add(n.ms(20, 70))
	for _, v := range p.vols {
		n.kl(tr, t, 'I', "reconciler_common.go:258", v.detail("operationExecutor.VerifyControllerAttachedVolume started", p), "pod", p.ref())
		t = t.Add(n.ms(0.05, 0.4))
	}
	t = t.Add(n.ms(80, 110))
	for _, v := range p.vols {
		n.kl(tr, t, 'I', "reconciler_common.go:231", v.detail("operationExecutor.MountVolume started", p), "pod", p.ref())
		t = t.Add(n.ms(0.05, 0.3))
	}
	for _, v := range p.vols {
		t = t.Add(n.ms(1, 12))
		n.kl(tr, t, 'I', "operation_generator.go:721", v.detail("MountVolume.SetUp succeeded", p), "pod", p.ref())
	}
	t = t.Add(n.ms(90, 400))
	n.kl(tr, t, 'I', "util.go:30", "No sandbox for pod can be found. Need to start a new one", "pod", p.ref())
	return t
}

func (n *nodeLog) sandboxMeta(p *nodePod, attempt int) string {
	return fmt.Sprintf("&PodSandboxMetadata{Name:%s,Uid:%s,Namespace:%s,Attempt:%d,}", p.name, p.uid, p.ns, attempt)
}

// sandboxUp writes containerd running a pod's sandbox (its shim, the pause container's
// scope, Calico's interface); it returns when RunPodSandbox returned. asked says
// whether to write the request's line.
func (n *nodeLog) sandboxUp(p *nodePod, t time.Time, tr truth, asked bool) time.Time {
	if asked {
		n.cd(tr, t, "info", "RunPodSandbox for "+n.sandboxMeta(p, 0))
	}
	t = t.Add(n.ms(15, 40))
	p.shim = n.pid(t)
	for _, pl := range [][2]string{{"io.containerd.event.v1.publisher", "io.containerd.event.v1"}, {"io.containerd.internal.v1.shutdown", "io.containerd.internal.v1"},
		{"io.containerd.ttrpc.v1.task", "io.containerd.ttrpc.v1"}, {"io.containerd.ttrpc.v1.pause", "io.containerd.ttrpc.v1"}} {
		n.cd(tr, t, "info", "loading plugin \""+pl[0]+"\"...", "runtime", "io.containerd.runc.v2", "type", pl[1])
		t = t.Add(n.ms(0.02, 0.2))
	}
	n.cd(tr, t, "info", "starting signal loop", "namespace", "k8s.io", "path", "/run/containerd/io.containerd.runtime.v2.task/k8s.io/"+p.sandbox, "pid", strconv.Itoa(p.shim), "runtime", "io.containerd.runc.v2")
	t = t.Add(n.ms(8, 25))
	n.job(tr, t, "cri-containerd-"+p.sandbox+".scope", "started", "Started libcontainer container "+p.sandbox+".")
	if !p.hostNet {
		t = t.Add(n.ms(30, 90))
		iface := []field{{"INTERFACE", p.cali}}
		n.kern(tr, t, "6", "IPv6: ADDRCONF(NETDEV_CHANGE): "+p.cali+": link becomes ready")
		n.native(n.networkd, tr, t.Add(n.ms(0.3, 2)), "6", "src/network/networkd-link.c:1860:link_update_flags", iface, p.cali+": Link UP")
		n.native(n.networkd, tr, t.Add(n.ms(2.5, 4)), "6", "src/network/networkd-link.c:1881:link_update_flags", iface, p.cali+": Gained carrier")
		n.native(n.networkd, tr, t.Add(n.ms(1500, 2600)), "6", "src/network/networkd-ipv6ll.c:205:link_ipv6ll_gained", iface, p.cali+": Gained IPv6LL")
		t = t.Add(n.ms(60, 180)) // Calico's IPAM and routes
	}
	t = t.Add(n.ms(10, 40))
	n.cd(tr, t, "info", "RunPodSandbox for "+n.sandboxMeta(p, 0)+" returns sandbox id \""+p.sandbox+"\"")
	return t
}

// pull writes an image pull: the kubelet's events, containerd's lines.
func (n *nodeLog) pull(p *nodePod, c *nodeCtr, t time.Time, tr truth, pl nodePull) time.Time {
	g := n.g
	n.event(tr, t, p, c.name, "Normal", "Pulling", fmt.Sprintf("Pulling image %q", c.image))
	t = t.Add(n.ms(0.3, 1.5))
	n.cd(tr, t, "info", fmt.Sprintf("PullImage %q", c.image))
	t = t.Add(pl.d)
	id, digest := "sha256:"+g.hex(64), "sha256:"+g.hex(64)
	repo := c.image[:strings.LastIndexByte(c.image, ':')]
	labels := ` labels:{key:"io.cri-containerd.image" value:"managed"}`
	if pl.fresh {
		n.cd(tr, t, "info", fmt.Sprintf("ImageCreate event name:%q%s", c.image, labels))
		n.cd(tr, t.Add(n.ms(1, 4)), "info", fmt.Sprintf("ImageCreate event name:%q%s", id, labels))
		n.cd(tr, t.Add(n.ms(4, 8)), "info", fmt.Sprintf("ImageUpdate event name:%q%s", c.image, labels))
		n.cd(tr, t.Add(n.ms(8, 12)), "info", fmt.Sprintf("ImageCreate event name:%q%s", repo+"@"+digest, labels))
	} else {
		n.cd(tr, t, "info", fmt.Sprintf("ImageUpdate event name:%q%s", c.image, labels))
		n.cd(tr, t.Add(n.ms(2, 6)), "info", fmt.Sprintf("ImageUpdate event name:%q%s", repo+"@"+digest, labels))
	}
	t = t.Add(n.ms(12, 20))
	n.cd(tr, t, "info", fmt.Sprintf("Pulled image %q with image id %q, repo tag %q, repo digest %q, size %q in %s", c.image, id, c.image, repo+"@"+digest, strconv.FormatInt(pl.size, 10), pl.d))
	n.cd(tr, t.Add(n.ms(0.2, 1)), "info", fmt.Sprintf("PullImage %q returns image reference %q", c.image, id))
	d := pl.d.Round(time.Millisecond)
	n.event(tr, t.Add(n.ms(1, 3)), p, c.name, "Normal", "Pulled", fmt.Sprintf("Successfully pulled image %q in %s (%s including waiting)", c.image, d, d))
	return t.Add(n.ms(3, 6))
}

// ctrStart writes a container created and started in its pod's sandbox.
func (n *nodeLog) ctrStart(p *nodePod, c *nodeCtr, t time.Time, tr truth, attempt int, pl nodePull) time.Time {
	if pl.d > 0 {
		t = n.pull(p, c, t, tr, pl)
	} else {
		n.event(tr, t, p, c.name, "Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", c.image))
	}
	t = t.Add(n.ms(0.5, 3))
	n.cd(tr, t, "info", fmt.Sprintf("CreateContainer within sandbox %q for container &ContainerMetadata{Name:%s,Attempt:%d,}", p.sandbox, c.name, attempt))
	t = t.Add(n.ms(25, 90))
	n.cd(tr, t, "info", fmt.Sprintf("CreateContainer within sandbox %q for &ContainerMetadata{Name:%s,Attempt:%d,} returns container id %q", p.sandbox, c.name, attempt, c.id))
	t = t.Add(n.ms(0.3, 2))
	n.event(tr, t, p, c.name, "Normal", "Created", "Created container "+c.name)
	t = t.Add(n.ms(0.2, 1))
	n.cd(tr, t, "info", fmt.Sprintf("StartContainer for %q", c.id))
	t = t.Add(n.ms(6, 20))
	n.job(tr, t, "cri-containerd-"+c.id+".scope", "started", "Started libcontainer container "+c.id+".")
	t = t.Add(n.ms(30, 110))
	c.pid = n.pid(t)
	n.cd(tr, t, "info", fmt.Sprintf("StartContainer for %q returns successfully", c.id))
	t = t.Add(n.ms(0.5, 3))
	n.event(tr, t, p, c.name, "Normal", "Started", "Started container "+c.name)
	if n.g.chance(0.2) {
		n.kl(routine, t.Add(n.ms(800, 9000)), 'W', "cadvisor_stats_provider.go:444", "Partial failure issuing cadvisor.ContainerInfoV2",
			"err", fmt.Sprintf("partial failures: [%q: RecentStats: unable to find data in memory cache]", p.cgroup()+"/cri-containerd-"+c.id+".scope"))
	}
	return t
}

func (n *nodeLog) pleg(tr truth, t time.Time, p *nodePod, typ, id string) {
	n.kl(tr, t, 'I', "kubelet.go:2445", "SyncLoop (PLEG): event for pod", "pod", p.ref(), "event", nodeRaw(fmt.Sprintf(`{"ID":%q,"Type":%q,"Data":%q}`, p.uid, typ, id)))
}

// ctrExit writes a container's end at t: systemd's scope, containerd's exit event, the
// rootfs unmounted, the kubelet's PLEG noticing. It returns when the PLEG did.
func (n *nodeLog) ctrExit(p *nodePod, c *nodeCtr, t time.Time, tr truth, code int, cpu time.Duration) time.Time {
	scope := "cri-containerd-" + c.id + ".scope"
	n.deactivated(tr, t, scope)
	n.consumed(tr, t.Add(n.ms(0.02, 0.1)), scope, cpu)
	x := t.Add(n.ms(1, 5))
	n.cd(tr, x, "info", fmt.Sprintf("TaskExit event container_id:%q id:%q pid:%d exit_status:%d exited_at:{seconds:%d nanos:%d}", c.id, c.id, c.pid, code, x.Unix(), x.Nanosecond()))
	n.deactivated(tr, x.Add(n.ms(4, 15)), nodeUnit("/run/containerd/io.containerd.runtime.v2.task/k8s.io/"+c.id+"/rootfs", "mount"))
	if n.g.chance(0.2) {
		n.cd(routine, x.Add(n.ms(20, 900)), "error", "collecting metrics for "+c.id, "error", "cgroups: cgroup deleted: unknown")
	}
	pl := t.Add(n.ms(300, 1000))
	n.pleg(tr, pl, p, "ContainerDied", c.id)
	return pl
}

// sandboxDown writes the kubelet stopping a pod's sandbox once its containers are gone;
// it returns when the PLEG saw the sandbox die.
func (n *nodeLog) sandboxDown(p *nodePod, t time.Time, tr truth) time.Time {
	g := n.g
	n.cd(tr, t, "info", fmt.Sprintf("StopPodSandbox for %q", p.sandbox))
	for _, c := range p.ctrs {
		t = t.Add(n.ms(0.05, 0.3))
		n.cd(tr, t, "info", fmt.Sprintf("Container to stop %q must be in running or unknown state, current state \"CONTAINER_EXITED\"", c.id))
	}
	t = t.Add(n.ms(2, 10))
	if !p.hostNet {
		iface := []field{{"INTERFACE", p.cali}}
		n.native(n.networkd, tr, t.Add(n.ms(20, 50)), "6", "src/network/networkd-link.c:1866:link_update_flags", iface, p.cali+": Link DOWN")
		n.native(n.networkd, tr, t.Add(n.ms(50, 53)), "6", "src/network/networkd-link.c:1893:link_update_flags", iface, p.cali+": Lost carrier")
		t = t.Add(n.ms(60, 140))
		n.cd(tr, t, "info", fmt.Sprintf("TearDown network for sandbox %q successfully", p.sandbox))
	}
	t = t.Add(n.ms(5, 20))
	n.deactivated(tr, t, "cri-containerd-"+p.sandbox+".scope")
	x := t.Add(n.ms(1, 5))
	n.cd(tr, x, "info", fmt.Sprintf("TaskExit event in podsandbox handler container_id:%q id:%q pid:%d exit_status:137 exited_at:{seconds:%d nanos:%d}", p.sandbox, p.sandbox, p.shim+g.between(15, 40), x.Unix(), x.Nanosecond()))
	t = x.Add(n.ms(10, 30))
	n.cd(tr, t, "info", "shim disconnected", "id", p.sandbox, "namespace", "k8s.io")
	n.cd(tr, t.Add(n.ms(0.05, 0.2)), "warning", "cleaning up after shim disconnected", "id", p.sandbox, "namespace", "k8s.io")
	n.cd(tr, t.Add(n.ms(0.2, 0.5)), "info", "cleaning up dead shim", "namespace", "k8s.io")
	if g.chance(0.35) {
		w := t.Add(n.ms(8, 20))
		n.cd(tr, w, "warning", fmt.Sprintf("cleanup warnings time=%q level=info msg=\"starting signal loop\" namespace=k8s.io pid=%d runtime=io.containerd.runc.v2\n", w.Format(time.RFC3339), p.shim+g.between(300, 900)))
	}
	t = t.Add(n.ms(15, 40))
	n.deactivated(tr, t, nodeUnit("/run/containerd/io.containerd.grpc.v1.cri/sandboxes/"+p.sandbox+"/shm", "mount"))
	n.deactivated(tr, t.Add(n.ms(0.1, 0.5)), nodeUnit("/run/containerd/io.containerd.runtime.v2.task/k8s.io/"+p.sandbox+"/rootfs", "mount"))
	if !p.hostNet {
		n.deactivated(tr, t.Add(n.ms(0.5, 1)), nodeUnit("/run/netns/cni-"+p.netns, "mount"))
	}
	t = t.Add(n.ms(3, 12))
	n.cd(tr, t, "info", fmt.Sprintf("StopPodSandbox for %q returns successfully", p.sandbox))
	pl := t.Add(n.ms(200, 1000))
	n.pleg(tr, pl, p, "ContainerDied", p.sandbox)
	return pl
}

// volumesDown writes a terminated pod's volumes unmounted and its cgroup removed.
func (n *nodeLog) volumesDown(p *nodePod, t time.Time, tr truth) time.Time {
	for _, v := range p.vols {
		n.kl(tr, t, 'I', "reconciler_common.go:172", fmt.Sprintf("operationExecutor.UnmountVolume started for volume %q (UniqueName: %q) pod %q (UID: %q) ", v.name, v.unique(p), p.uid, p.uid))
		t = t.Add(n.ms(0.1, 0.6))
	}
	for _, v := range p.vols {
		t = t.Add(n.ms(2, 15))
		if v.tmpfs {
			n.deactivated(tr, t, v.unit(p))
			t = t.Add(n.ms(0.3, 2))
		}
		n.kl(tr, t, 'I', "operation_generator.go:888", fmt.Sprintf("UnmountVolume.TearDown succeeded for volume %q (OuterVolumeSpecName: %q) pod %q (UID: %q). InnerVolumeSpecName %q. PluginName %q, VolumeGidValue \"\"",
			v.unique(p), v.name, p.uid, p.uid, v.name, v.plugin))
	}
	t = t.Add(n.ms(60, 110))
	for _, v := range p.vols {
		n.kl(tr, t, 'I', "reconciler_common.go:300", fmt.Sprintf("Volume detached for volume %q (UniqueName: %q) on node %q DevicePath \"\"", v.name, v.unique(p), nodeHost))
		t = t.Add(n.ms(0.05, 0.3))
	}
	t = t.Add(n.ms(400, 1500))
	n.job(tr, t, p.slice(), "stopped", "Removed slice libcontainer container "+p.slice()+".")
	return t
}

// removeCtr writes the kubelet removing a dead container, and now and then asking
// containerd about it once it is gone.
func (n *nodeLog) removeCtr(tr truth, t time.Time, id string, took time.Duration) time.Time {
	n.kl(tr, t, 'I', "scope.go:117", "RemoveContainer", "containerID", id)
	n.cd(tr, t.Add(n.ms(0.2, 1)), "info", fmt.Sprintf("RemoveContainer for %q", id))
	t = t.Add(took)
	n.cd(tr, t, "info", fmt.Sprintf("RemoveContainer for %q returns successfully", id))
	if n.g.chance(0.25) {
		nf := fmt.Sprintf("rpc error: code = NotFound desc = an error occurred when try to find container %q: not found", id)
		x := t.Add(n.ms(1, 4))
		n.cd(routine, x, "error", fmt.Sprintf("ContainerStatus for %q failed", id), "error", nf)
		n.kl(routine, x.Add(n.ms(0.2, 1)), 'E', "remote_runtime.go:432", "ContainerStatus from runtime service failed", "err", nf, "containerID", id)
		n.kl(routine, x.Add(n.ms(1, 2)), 'I', "pod_container_deletor.go:53", "DeleteContainer returned error",
			"containerID", nodeRaw(fmt.Sprintf(`{"Type":"containerd","ID":%q}`, id)), "err", fmt.Sprintf("failed to get container status %q: %s", id, nf))
	}
	return t
}

// removeSandbox writes the kubelet's garbage collection removing a dead sandbox.
func (n *nodeLog) removeSandbox(p *nodePod, t time.Time, tr truth) {
	n.cd(tr, t, "info", fmt.Sprintf("RemovePodSandbox for %q", p.sandbox))
	n.cd(tr, t.Add(n.ms(0.1, 0.5)), "info", fmt.Sprintf("Forcibly stopping sandbox %q", p.sandbox))
	if !p.hostNet {
		n.cd(tr, t.Add(n.ms(30, 80)), "info", fmt.Sprintf("TearDown network for sandbox %q successfully", p.sandbox))
	}
	n.cd(tr, t.Add(n.ms(90, 160)), "info", fmt.Sprintf("RemovePodSandbox %q returns successfully", p.sandbox))
}

// remove writes a finished pod deleted through the API (a Job's history limit).
func (n *nodeLog) remove(p *nodePod, t time.Time, tr truth) {
	g := n.g
	n.kl(tr, t, 'I', "kubelet.go:2421", "SyncLoop DELETE", "source", "api", "pods", n.pods1(p))
	t = t.Add(n.ms(3, 15))
	n.kl(tr, t, 'I', "kubelet.go:2415", "SyncLoop REMOVE", "source", "api", "pods", n.pods1(p))
	for i := len(p.ctrs) - 1; i >= 0; i-- {
		t = n.removeCtr(tr, t.Add(n.ms(1, 6)), p.ctrs[i].id, n.ms(8, 30))
	}
	if g.chance(0.07) {
		n.kl(routine, t.Add(n.ms(5, 60)), 'E', "pod_workers.go:1300", "Error syncing pod, skipping",
			"err", fmt.Sprintf("failed to %q for %q with KillPodSandboxError: %q", "KillPodSandbox", p.uid, "rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found"), "pod", p.ref(), "podUID", p.uid)
	}
	if g.chance(0.25) {
		n.kl(routine, t.Add(n.ms(500, 9000)), 'E', "cri_stats_provider.go:448", "Unable to fetch pod log stats",
			"err", fmt.Sprintf("open /var/log/pods/%s_%s_%s: no such file or directory", p.ns, p.name, p.uid), "pod", p.ref())
	}
	n.removeSandbox(p, t.Add(n.ms(15000, 70000)), tr)
}

// stop writes the kubelet stopping a pod's running containers with a grace period (a
// deletion, an eviction); exit tells how long each takes to exit and with what code.
// It returns when the last one exited.
func (n *nodeLog) stop(p *nodePod, t time.Time, tr truth, grace int, override bool, exit func(c *nodeCtr) (time.Duration, int)) time.Time {
	last := t
	for _, c := range p.ctrs {
		if c.init || !c.running(t) {
			continue
		}
		k := t.Add(n.ms(0.1, 2))
		if override {
			n.kl(tr, k, 'I', "kuberuntime_container.go:742", "Killing container with a grace period override", "pod", p.ref(), "podUID", p.uid, "containerName", c.name, "containerID", "containerd://"+c.id, "gracePeriod", 0)
		}
		n.kl(tr, k.Add(n.ms(0.01, 0.1)), 'I', "kuberuntime_container.go:745", "Killing container with a grace period", "pod", p.ref(), "podUID", p.uid, "containerName", c.name, "containerID", "containerd://"+c.id, "gracePeriod", grace)
		n.event(tr, k.Add(n.ms(0.1, 0.5)), p, c.name, "Normal", "Killing", "Stopping container "+c.name)
		n.cd(tr, k.Add(n.ms(0.5, 2)), "info", fmt.Sprintf("StopContainer for %q with timeout %d (s)", c.id, grace))
		n.cd(tr, k.Add(n.ms(2, 4)), "info", fmt.Sprintf("Stop container %q with signal terminated", c.id))
		d, code := exit(c)
		if d >= time.Duration(grace)*time.Second {
			d = time.Duration(grace)*time.Second + n.ms(2, 6)
			n.cd(tr, k.Add(d), "info", fmt.Sprintf("Kill container %q", c.id))
			d += n.ms(5, 30)
			code = 137
		}
		x := k.Add(d)
		n.ctrExit(p, c, x, tr, code, time.Duration(n.g.lognormal(90, 1.2)*float64(time.Second)))
		x = x.Add(n.ms(10, 40))
		n.cd(tr, x, "info", fmt.Sprintf("StopContainer for %q returns successfully", c.id))
		c.down = append(c.down, [2]time.Time{k, n.end.Add(time.Hour)})
		if x.After(last) {
			last = x
		}
	}
	return last
}

// kill writes a running pod deleted with a grace period (a rollout, an update of its
// DaemonSet): its containers stopped, its sandbox, volumes, then its removal.
func (n *nodeLog) kill(p *nodePod, t time.Time, tr truth, grace int, exit func(c *nodeCtr) (time.Duration, int)) time.Time {
	n.kl(tr, t, 'I', "kubelet.go:2421", "SyncLoop DELETE", "source", "api", "pods", n.pods1(p))
	p.until = t
	t = n.stop(p, t.Add(n.ms(1, 5)), tr, grace, false, exit)
	t = n.sandboxDown(p, t.Add(n.ms(5, 40)), tr)
	t = n.volumesDown(p, t.Add(n.ms(20, 300)), tr)
	t = t.Add(n.ms(200, 900))
	n.kl(tr, t, 'I', "kubelet.go:2415", "SyncLoop REMOVE", "source", "api", "pods", n.pods1(p))
	for i := len(p.ctrs) - 1; i >= 0; i-- {
		t = n.removeCtr(tr, t.Add(n.ms(1, 6)), p.ctrs[i].id, n.ms(8, 30))
	}
	n.removeSandbox(p, t.Add(n.ms(15000, 60000)), tr)
	return t
}

// podStart writes a new pod started on the node from its SyncLoop ADD at t; it returns
// when its last container started.
func (n *nodeLog) podStart(p *nodePod, t time.Time, tr truth, pulls map[string]nodePull) time.Time {
	created := t.Add(-n.ms(200, 1800))
	t = n.admit(p, t, tr)
	t = n.sandboxUp(p, t.Add(n.ms(0.2, 1)), tr, true)
	n.pleg(tr, t.Add(n.ms(200, 900)), p, "ContainerStarted", p.sandbox)
	var firstPull, lastPull time.Time
	for _, c := range p.ctrs {
		t = t.Add(n.ms(1, 8))
		pl := pulls[c.name]
		if pl.d > 0 && firstPull.IsZero() {
			firstPull = t
		}
		t = n.ctrStart(p, c, t, tr, 0, pl)
		if pl.d > 0 {
			lastPull = t
		}
		if c.init { // runs to its end before the next container starts
			t = n.ctrExit(p, c, t.Add(n.ms(600, 1600)), tr, 0, n.ms(40, 200))
			t = t.Add(n.ms(2, 30))
		}
	}
	for _, c := range p.ctrs {
		if !c.init {
			n.pleg(tr, t.Add(n.ms(300, 1000)), p, "ContainerStarted", c.id)
		}
	}
	running := t.Add(n.ms(300, 1000))
	seen := running.Add(n.ms(5, 80))
	e2e := seen.Sub(created.Truncate(time.Second))
	slo, fp, lp := e2e, "0001-01-01 00:00:00 +0000 UTC", "0001-01-01 00:00:00 +0000 UTC"
	if !firstPull.IsZero() {
		slo -= lastPull.Sub(firstPull)
		fp, lp = n.kubeletTime(firstPull), n.kubeletTime(lastPull)
	}
	n.kl(tr, seen, 'I', "pod_startup_latency_tracker.go:102", "Observed pod startup duration", "pod", p.ref(), "podStartSLOduration", round(slo.Seconds(), 9),
		"podStartE2EDuration", e2e.String(), "podCreationTimestamp", created.Truncate(time.Second).Format("2006-01-02 15:04:05 -0700 MST"),
		"firstStartedPulling", fp, "lastFinishedPulling", lp, "observedRunningTime", n.kubeletTime(running), "watchObservedRunningTime", n.kubeletTime(seen))
	n.kl(tr, seen.Add(n.ms(20, 200)), 'I', "kubelet.go:2411", "SyncLoop UPDATE", "source", "api", "pods", n.pods1(p))
	p.from = t
	return t
}

// patchReady writes the status manager patching a pod's Ready condition, and the
// kubelet seeing the update come back.
func (n *nodeLog) patchReady(tr truth, t time.Time, p *nodePod, ready bool, unready string) {
	ts := t.UTC().Format(time.RFC3339)
	var conds string
	if ready {
		conds = fmt.Sprintf(`{"lastTransitionTime":%q,"message":null,"reason":null,"status":"True","type":"Ready"},{"lastTransitionTime":%q,"message":null,"reason":null,"status":"True","type":"ContainersReady"}`, ts, ts)
	} else {
		m := "containers with unready status: [" + unready + "]"
		conds = fmt.Sprintf(`{"lastTransitionTime":%q,"message":%q,"reason":"ContainersNotReady","status":"False","type":"Ready"},{"lastTransitionTime":%q,"message":%q,"reason":"ContainersNotReady","status":"False","type":"ContainersReady"}`, ts, m, ts, m)
	}
	patch := fmt.Sprintf(`{"metadata":{"uid":%q},"status":{"$setElementOrder/conditions":[{"type":"Initialized"},{"type":"Ready"},{"type":"ContainersReady"},{"type":"PodScheduled"}],"conditions":[%s]}}`, p.uid, conds)
	n.kl(tr, t, 'I', "status_manager.go:877", "Patch status for pod", "pod", p.ref(), "podUID", p.uid, "patch", patch)
	n.kl(tr, t.Add(n.ms(8, 60)), 'I', "kubelet.go:2411", "SyncLoop UPDATE", "source", "api", "pods", n.pods1(p))
}

func (n *nodeLog) probeChange(tr truth, t time.Time, p *nodePod, probe, status string) {
	n.kl(tr, t, 'I', "kubelet.go:2496", "SyncLoop (probe)", "probe", probe, "status", status, "pod", p.ref())
}

func (n *nodeLog) probeURL(p *nodePod, pr *nodeProbe) string {
	return fmt.Sprintf("http://%s:%d%s", p.ip, pr.port, pr.path)
}

// probeLoop writes one probe's results through the log: the kubelet's prober runs it
// every period and logs a success at V(3), a failure at V(1). Exec probes go through
// containerd (runc's exec leaves a transient mount unit behind); when containerd hangs
// they wait for it.
func (n *nodeLog) probeLoop(p *nodePod, c *nodeCtr, pr *nodeProbe) {
	g := n.g
	if pr.kind == "Startup" { // it runs only while its container starts: written with the start
		return
	}
	t := p.from.Add(time.Duration(g.rng.Int63n(int64(pr.period))))
	if p.from.Before(n.start) {
		t = n.start.Add(-time.Duration(g.rng.Int63n(int64(pr.period))))
	}
	flaky := p == n.search && pr.kind == "Readiness"
	var episodes [][2]time.Time
	if flaky { // search's garbage collection pauses now and then outlast the 1 s timeout
		g.arrivals(n.start, n.end, func(time.Time) float64 { return 1.0 / 1900 }, func(at time.Time) {
			k := 1 + g.intn(2) + g.intn(2)*g.intn(3)
			episodes = append(episodes, [2]time.Time{at, at.Add(time.Duration(k)*pr.period - time.Second)})
		})
	}
	fails, ready := 0, true
	for ; t.Before(p.until) && t.Before(n.end); t = t.Add(pr.period) {
		at := t.Add(n.ms(0.05, 2))
		if !c.running(at) {
			continue
		}
		tr := n.podTruth(p, at)
		if pr.how == "exec" && n.hung(at) {
			ret := at.Add(time.Duration(pr.timeout)*time.Second + 2*time.Minute + n.ms(1, 20))
			if ret.Before(n.hangEnd) {
				hit := incident(nodeHang)
				n.kl(hit, ret, 'E', "prober.go:104", "Probe errored", "err", nodeDeadline, "probeType", pr.kind, "pod", p.ref(), "podUID", p.uid, "containerName", c.name, "probeResult", "unknown")
				n.event(hit, ret.Add(n.ms(0.1, 1)), p, c.name, "Warning", "Unhealthy", pr.kind+" probe errored: "+nodeDeadline)
			} else {
				ret = n.hangEnd.Add(n.ms(20, 900))
				n.execDone(tr, ret, p, c, pr)
			}
			for !t.After(ret) {
				t = t.Add(pr.period)
			}
			t = t.Add(-pr.period)
			continue
		}
		if n.v4(at) {
			n.probeDetail(at, p, c, pr)
		}
		if flaky && nodeIn(at, episodes) {
			out := fmt.Sprintf("Get %q: context deadline exceeded (Client.Timeout exceeded while awaiting headers)", n.probeURL(p, pr))
			f := at.Add(time.Second + n.ms(0.2, 3))
			n.kl(tr, f, 'I', "prober.go:107", "Probe failed", "probeType", pr.kind, "pod", p.ref(), "podUID", p.uid, "containerName", c.name, "probeResult", "failure", "output", out)
			n.event(tr, f.Add(n.ms(0.1, 1)), p, c.name, "Warning", "Unhealthy", pr.kind+" probe failed: "+out)
			fails++
			if fails == 3 && ready {
				ready = false
				n.probeChange(tr, f.Add(n.ms(0.3, 2)), p, "readiness", "")
				n.patchReady(tr, f.Add(n.ms(3, 20)), p, false, c.name)
			}
			continue
		}
		fails = 0
		switch pr.how {
		case "exec":
			n.execDone(tr, at.Add(n.ms(25, 90)), p, c, pr)
		case "http":
			n.kl(tr, at.Add(n.ms(0.8, 6)), 'I', "prober.go:115", "Probe succeeded", "probeType", pr.kind, "pod", p.ref(), "podUID", p.uid, "containerName", c.name)
		default:
			n.kl(tr, at.Add(n.ms(0.2, 1.2)), 'I', "prober.go:115", "Probe succeeded", "probeType", pr.kind, "pod", p.ref(), "podUID", p.uid, "containerName", c.name)
		}
		if !ready {
			ready = true
			x := at.Add(n.ms(7, 9))
			n.probeChange(tr, x, p, "readiness", "ready")
			n.patchReady(tr, x.Add(n.ms(3, 20)), p, true, "")
		}
	}
}

// execDone writes an exec probe's end: runc's mount unit going away, the result.
func (n *nodeLog) execDone(tr truth, t time.Time, p *nodePod, c *nodeCtr, pr *nodeProbe) {
	n.deactivated(tr, t.Add(-n.ms(1, 4)), nodeUnit("/run/containerd/runc/k8s.io/"+c.id+"/runc."+n.runcTemp(), "mount"))
	n.kl(tr, t, 'I', "prober.go:115", "Probe succeeded", "probeType", pr.kind, "pod", p.ref(), "podUID", p.uid, "containerName", c.name)
}

func (n *nodeLog) runcTemp() string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 6)
	for i := range b {
		b[i] = chars[n.g.intn(len(chars))]
	}
	return string(b)
}

// probeDetail is the prober's V(4) line about what it is about to do.
func (n *nodeLog) probeDetail(t time.Time, p *nodePod, c *nodeCtr, pr *nodeProbe) {
	tr := n.verbose.truth()
	switch pr.how {
	case "http":
		n.kl(tr, t, 'I', "http.go:117", "HTTP-Probe", "scheme", "http", "host", fmt.Sprintf("%s:%d", p.ip, pr.port), "port", strconv.Itoa(pr.port), "path", pr.path,
			"timeout", fmt.Sprintf("%ds", pr.timeout), "headers", nodeRaw(`{"Accept":["*/*"],"User-Agent":["kube-probe/1.28"]}`))
	case "tcp":
		n.kl(tr, t, 'I', "tcp.go:54", "TCP-Probe", "host", p.ip, "port", pr.port, "timeout", fmt.Sprintf("%ds", pr.timeout))
	case "exec":
		n.kl(tr, t, 'I', "prober.go:177", "Exec-Probe runProbe", "pod", p.ref(), "containerName", c.name, "execCommand", nodeRaw(nodeQuote(pr.cmd)))
	}
}

// syncLoop writes the pod worker's periodic syncs of a pod: every 60 to 90 s.
func (n *nodeLog) syncLoop(p *nodePod) {
	t := p.from.Add(n.ms(60000, 90000))
	if p.from.Before(n.start) {
		t = n.start.Add(-n.ms(0, 90000))
	}
	for t.Before(p.until) && t.Before(n.end) {
		switch {
		case nodeIn(t, p.quiet):
		case n.hung(t): // GetPodStatus waits for containerd
			hit := incident(nodeHang)
			ret := t.Add(2*time.Minute + n.ms(1, 30))
			if ret.Before(n.hangEnd) {
				n.kl(hit, ret, 'E', "pod_workers.go:1300", "Error syncing pod, skipping", "err", nodeDeadline, "pod", p.ref(), "podUID", p.uid)
			}
			t = n.hangEnd.Add(n.ms(5, 4000))
			n.podSync(p, t, hit)
		default:
			n.podSync(p, t, n.podTruth(p, t))
		}
		t = t.Add(n.ms(60000, 90000))
	}
}

func (n *nodeLog) podSync(p *nodePod, t time.Time, tr truth) {
	v4, vt := n.v4(t), n.verbose.truth()
	if v4 {
		n.kl(vt, t, 'I', "kubelet.go:2487", "SyncLoop (SYNC) pods", "total", 1, "pods", n.pods1(p))
		t = t.Add(n.ms(0.02, 0.1))
		n.kl(vt, t, 'I', "kubelet.go:1687", "syncPod enter", "pod", p.ref(), "podUID", p.uid)
	}
	t = t.Add(n.ms(0.02, 0.2))
	n.kl(tr, t, 'I', "kubelet_pods.go:1589", "Generating pod status", "podIsTerminal", false, "pod", p.ref())
	t = t.Add(n.ms(0.3, 2))
	n.kl(tr, t, 'I', "volume_manager.go:406", "Waiting for volumes to attach and mount for pod", "pod", p.ref())
	if v4 {
		for _, v := range p.vols {
			if v.plugin == "kubernetes.io/projected" || v.plugin == "kubernetes.io/configmap" || v.plugin == "kubernetes.io/secret" {
				t = t.Add(n.ms(1, 6))
				n.kl(vt, t, 'I', "operation_generator.go:721", v.detail("MountVolume.SetUp succeeded", p), "pod", p.ref())
			}
		}
	}
	t = t.Add(n.ms(2, 12))
	n.kl(tr, t, 'I', "volume_manager.go:433", "All volumes are attached and mounted for pod", "pod", p.ref())
	if p.pullSecret {
		t = t.Add(n.ms(0.05, 0.3))
		n.kl(tr, t, 'I', "kubelet_pods.go:963", "Unable to retrieve pull secret, the image pull may not succeed.", "pod", p.ref(), "secret", "", "err", `secret "ghcr-pull" not found`)
	}
	if v4 {
		t = t.Add(n.ms(0.5, 3))
		n.kl(vt, t, 'I', "kuberuntime_manager.go:1295", "getSandboxIDByPodUID got sandbox IDs for pod", "podSandboxID", nodeRaw(nodeQuote([]string{p.sandbox})), "pod", p.ref())
	}
	t = t.Add(n.ms(1, 6))
	n.kl(tr, t, 'I', "kuberuntime_manager.go:1024", "computePodActions got for pod", "podActions", nodeRaw(n.actions(p, nil)), "pod", p.ref())
	if v4 {
		n.kl(vt, t.Add(n.ms(0.2, 2)), 'I', "kubelet.go:1690", "syncPod exit", "pod", p.ref(), "podUID", p.uid, "isTerminal", false)
	}
}

// actions is the kubelet's podActions for a pod with its sandbox: the containers to start.
func (n *nodeLog) actions(p *nodePod, start []int) string {
	s := "[]"
	if len(start) > 0 {
		parts := make([]string, len(start))
		for i, x := range start {
			parts[i] = strconv.Itoa(x)
		}
		s = "[" + strings.Join(parts, ",") + "]"
	}
	return fmt.Sprintf(`{"KillPod":false,"CreateSandbox":false,"SandboxID":%q,"Attempt":0,"NextInitContainerToStart":null,"InitContainersToStart":null,"ContainersToStart":%s,"ContainersToKill":{},"EphemeralContainersToStart":null,"ContainersToUpdate":null,"UpdatePodResources":false}`, p.sandbox, s)
}

// housekeeping writes the sync loop's housekeeping every 2 s, logged at V(4) only.
func (n *nodeLog) housekeeping() {
	tr := n.verbose.truth()
	t := n.verbose.start.Add(n.ms(0, 2000))
	for ; t.Before(n.verbose.start.Add(nodeVerbose)); t = t.Add(2 * time.Second) {
		at := t.Add(n.ms(0.01, 3))
		d := n.g.lognormal(3, 0.5)
		n.kl(tr, at, 'I', "kubelet.go:2512", "SyncLoop (housekeeping)")
		n.kl(tr, at.Add(time.Duration(d*float64(time.Millisecond))), 'I', "kubelet.go:2525", "SyncLoop (housekeeping) end", "duration", time.Duration(d*float64(time.Millisecond)).Round(time.Millisecond).String())
	}
}

// blocked reports whether a pod of a CronJob could not have run on the node from from
// to to: the node tainted, out of reach, or its runtime hung (those runs went elsewhere).
func (n *nodeLog) blocked(from, to time.Time) bool {
	over := func(a, b time.Time) bool { return from.Before(b) && to.After(a) }
	tainted := !n.killAt.IsZero() && over(n.killAt.Add(-10*time.Second), n.diskEnd)
	return tainted || over(n.hangAt.Add(-5*time.Minute), n.hangEnd.Add(time.Minute)) || over(n.flapAt, n.flapEnd)
}

// cronJobs writes the runs of the CronJobs that land on the node: each pod started,
// its container running to its end, the pod torn down, then deleted when the Job
// falls out of the history (three more runs later).
func (n *nodeLog) cronJobs() {
	g := n.g
	for _, cj := range n.crons {
		first := n.start.Truncate(time.Hour).Add(cj.offset - 4*cj.period)
		if !cj.from.IsZero() {
			first = cj.from
		}
		for sched := first; sched.Before(n.end); sched = sched.Add(cj.period) {
			if !g.chance(cj.share) {
				continue
			}
			add := sched.Add(n.ms(1100, 2900))
			run := time.Duration(g.lognormal(cj.median, 0.3) * float64(time.Second))
			del := sched.Add(3*cj.period + run + n.ms(3000, 9000))
			if n.blocked(add.Add(-time.Minute), add.Add(run+time.Minute)) {
				continue
			}
			n.cronRun(cj, sched, add, run, del)
		}
	}
}

func (n *nodeLog) cronPod(cj *nodeCron, sched time.Time) *nodePod {
	p := n.newPod(cj.ns, fmt.Sprintf("%s-%d-%s", cj.name, sched.Unix()/60, n.g.alnum(5)), cj.qos, nodeC(cj.name, cj.image))
	if cj.name == "report-generator" {
		p.vols = append(p.vols, nodeVol{"smtp-credentials", "kubernetes.io/secret", true})
	}
	p.tr, p.trUntil = cj.tr, n.end.Add(time.Hour)
	return p
}

func (n *nodeLog) cronRun(cj *nodeCron, sched, add time.Time, run time.Duration, del time.Time) {
	g := n.g
	p := n.cronPod(cj, sched)
	tr := cj.tr
	pulls := map[string]nodePull{}
	if cj.always {
		pulls[cj.name] = nodePull{d: time.Duration(g.lognormal(650, 0.3) * float64(time.Millisecond)), size: 214748162}
	}
	t := n.podStart(p, add, tr, pulls)
	code := 0
	if g.chance(0.03) {
		code = 1
	}
	n.cronEnd(p, t.Add(run), tr, code)
	if del.Before(n.end) && !n.blocked(del.Add(-30*time.Second), del.Add(30*time.Second)) {
		n.remove(p, del, tr)
	}
}

// cronEnd writes a Job's container ending at t and its pod torn down.
func (n *nodeLog) cronEnd(p *nodePod, t time.Time, tr truth, code int) {
	c := p.ctrs[0]
	cpu := time.Duration(t.Sub(p.from).Seconds() * n.g.lognormal(0.35, 0.5) * float64(time.Second))
	pl := n.ctrExit(p, c, t, tr, code, cpu)
	sd := n.sandboxDown(p, pl.Add(n.ms(5, 60)), tr)
	vd := n.volumesDown(p, sd.Add(n.ms(10, 200)), tr)
	n.kl(tr, vd.Add(n.ms(20, 300)), 'I', "kubelet.go:2411", "SyncLoop UPDATE", "source", "api", "pods", n.pods1(p))
}

// baseUsed is how much of the root filesystem holds without the export job: images,
// containers' layers, logs, growing slowly.
func (n *nodeLog) baseUsed(t time.Time) float64 {
	m := t.Sub(n.start).Minutes()
	return float64(nodeFsKi) * 1024 * (0.7105 + 0.0022*math.Sin(2*math.Pi*m/53) + 0.0016*m/180)
}

// used is how much of the root filesystem holds at t, the export job's files included.
func (n *nodeLog) used(t time.Time) float64 {
	u := n.baseUsed(t)
	if t.After(n.writeStart) {
		end := t
		if !n.killAt.IsZero() && n.killAt.Before(end) {
			end = n.killAt
		}
		w := n.writeRate * end.Sub(n.writeStart).Seconds()
		if !n.rmStart.IsZero() && t.After(n.rmStart) {
			w *= 1 - min(1, t.Sub(n.rmStart).Seconds()/n.rmEnd.Sub(n.rmStart).Seconds())
		}
		u += w
	}
	if !n.searchFreed.IsZero() && t.After(n.searchFreed) {
		u -= 3.1e9 // search's index cache, an emptyDir
	}
	if t.After(n.diskAt) {
		for _, img := range n.removable {
			u -= float64(img.size)
		}
	}
	return u
}

// nextStatus is the kubelet's first node status update at or after t (every 10 s).
func (n *nodeLog) nextStatus(t time.Time) time.Time {
	phase := n.start.Add(-time.Duration(n.start.Unix()%10) * time.Second).Add(3*time.Second + 217*time.Millisecond)
	k := math.Ceil(t.Sub(phase).Seconds() / 10)
	return phase.Add(time.Duration(k*10)*time.Second + n.ms(0.1, 8))
}

// diskIncident writes the export job that fills the root filesystem, and the eviction
// manager's loop through the whole log.
func (n *nodeLog) diskIncident() {
	g := n.g
	capB := float64(nodeFsKi) * 1024
	n.diskEnd = n.end.Add(time.Hour) // until the eviction manager clears the condition
	n.writeRate = 0.05 * capB / 210
	cross := n.diskAt.Add(-35 * time.Second)
	n.writeStart = cross.Add(-time.Duration((0.85*capB - n.baseUsed(cross)) / n.writeRate * float64(time.Second)))
	e := n.newPod("batch", "orders-export-manual-"+g.alnum(5), "besteffort", nodeC("export", nodeRegistry+"/batch/orders-export:1.2.0"))
	e.vols = append(e.vols, nodeVol{"export-credentials", "kubernetes.io/secret", true})
	n.export = e
	n.podStart(e, n.writeStart.Add(-n.ms(15000, 25000)), routine, map[string]nodePull{"export": {d: n.ms(2500, 4200), size: 98304211, fresh: true}})
	n.imageGC()
	n.evictionLoop()
}

// imageGC writes the image garbage collection that finds the disk over its high
// threshold (every 5 minutes; below it, the collector writes nothing).
func (n *nodeLog) imageGC() {
	hit := incident(nodeDisk)
	capB := float64(nodeFsKi) * 1024
	t := n.diskAt.Add(n.ms(0, 30))
	used := n.used(t.Add(-time.Second))
	amount := int64(used - 0.8*capB)
	n.kl(hit, t, 'I', "image_gc_manager.go:352", "Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold",
		"usage", int(used*100/capB), "highThreshold", 85, "amountToFree", amount, "lowThreshold", 80)
	var freed int64
	for _, img := range n.removable {
		t = t.Add(n.ms(1, 5))
		n.kl(hit, t, 'I', "image_gc_manager.go:430", "Removing image to free bytes", "imageID", img.id, "size", img.size, "runtimeHandler", "")
		t = t.Add(n.ms(0.5, 2))
		n.cd(hit, t, "info", fmt.Sprintf("RemoveImage %q", img.id))
		repo := img.ref[:strings.LastIndexByte(img.ref, ':')]
		for _, name := range []string{img.ref, repo + "@sha256:" + n.g.hex(64), img.id} {
			t = t.Add(n.ms(2, 9))
			n.cd(hit, t, "info", fmt.Sprintf("ImageDelete event name:%q", name))
		}
		t = t.Add(n.ms(30, 140))
		n.cd(hit, t, "info", fmt.Sprintf("RemoveImage %q returns successfully", img.id))
		freed += img.size
	}
	msg := fmt.Sprintf("Failed to garbage collect required amount of images. Attempted to free %d bytes, but only found %d bytes eligible to free.", amount, freed)
	t = t.Add(n.ms(1, 6))
	n.nodeEvent(hit, t, "Warning", "FreeDiskSpaceFailed", msg)
	n.kl(hit, t.Add(n.ms(0.1, 0.5)), 'E', "kubelet.go:1400", "Image garbage collection failed once. Stats initialization may not have completed yet", "err", msg)
}

// observe writes the eviction manager's observations (V(3)), in Go's map order. The
// filesystem's belong to the disk incident while they show it.
func (n *nodeLog) observe(t time.Time, prefix string, fsAt time.Time) {
	g := n.g
	capB := float64(nodeFsKi) * 1024
	used := n.used(fsAt)
	availFs := int64(capB-used) / 4096 * 4096
	fsHit := !t.Before(n.diskAt) && t.Before(n.diskEnd) && used > 0.85*capB
	m := t.Sub(n.start).Minutes()
	ws := int64((58.5+1.8*math.Sin(2*math.Pi*m/41)+g.normal(0, 0.12))*(1<<30)) / 4096 * 4096
	podsWS := ws - 4617089024 + int64(g.between(-2000, 2000))*4096 // less the system slice
	inodes := int64(nodeInodes - 1183000 - int(m*37) - g.between(-400, 400))
	if fsHit || (t.After(n.writeStart) && (n.rmEnd.IsZero() || t.Before(n.rmEnd))) {
		inodes -= int64((used - n.baseUsed(fsAt)) / 12288) // the export's files
	}
	memAt := t.Add(-n.ms(200, 9000))
	stamp := func(x time.Time) string { return x.Format("2006-01-02 15:04:05.999999999 -0700 MST") }
	type obs struct{ sig, res, avail, capacity, at string }
	all := []obs{
		{"memory.available", "memory", nodeBinary(int64(nodeMemKi)*1024 - ws), nodeBinary(int64(nodeMemKi) * 1024), stamp(memAt)},
		{"allocatableMemory.available", "memory", nodeBinary(int64(nodeAllocKi)*1024 - podsWS), nodeBinary(int64(nodeAllocKi) * 1024), stamp(memAt.Add(-n.ms(1, 40)))},
		{"nodefs.available", "ephemeral-storage", nodeBinary(availFs), nodeBinary(int64(nodeFsKi) * 1024), stamp(fsAt)},
		{"nodefs.inodesFree", "inodes", nodeDecimal(inodes), nodeDecimal(nodeInodes), stamp(fsAt)},
		{"imagefs.available", "ephemeral-storage", nodeBinary(availFs), nodeBinary(int64(nodeFsKi) * 1024), stamp(fsAt)},
		{"imagefs.inodesFree", "inodes", nodeDecimal(inodes), nodeDecimal(nodeInodes), stamp(fsAt)},
		{"pid.available", "pids", nodeDecimal(int64(nodePidMax - 1850 - g.between(-60, 140))), nodeDecimal(nodePidMax), n.kubeletTime(t.Add(-n.ms(1, 60)))},
	}
	for i := len(all) - 1; i > 0; i-- {
		k := g.intn(i + 1)
		all[i], all[k] = all[k], all[i]
	}
	for _, o := range all {
		tr := routine
		if fsHit && strings.HasSuffix(o.sig, "fs.available") {
			tr = incident(nodeDisk)
		}
		t = t.Add(n.ms(0.004, 0.03))
		n.kl(tr, t, 'I', "helpers.go:1196", "Eviction manager:", "log", prefix, "signal", o.sig, "resourceName", o.res, "available", o.avail, "capacity", o.capacity, "time", o.at)
	}
}

// evictionLoop writes the eviction manager's synchronize every 10 s: its observations,
// and what it does about them.
func (n *nodeLog) evictionLoop() {
	capB := float64(nodeFsKi) * 1024
	hit := incident(nodeDisk)
	var lastMet time.Time
	evictions := 0
	t := n.start.Add(-n.ms(0, 10000))
	for t.Before(n.end) {
		if n.hung(t) { // the summary needs containerd's stats
			ret := t.Add(2*time.Minute + n.ms(1, 40))
			if ret.Before(n.hangEnd) {
				n.kl(incident(nodeHang), ret, 'E', "eviction_manager.go:258", "Eviction manager: failed to get summary stats", "err", "failed to list pod stats: failed to list all container stats: "+nodeDeadline)
				t = ret.Add(10 * time.Second)
				continue
			}
			t = n.hangEnd.Add(n.ms(30, 800))
		}
		fsAt := t.Add(-n.ms(300, 8000))
		avail := capB - n.used(fsAt)
		n.observe(t, "observations", fsAt)
		t = t.Add(n.ms(0.3, 1.5))
		if avail < 0.1*capB && evictions < 2 {
			lastMet = t
			t = n.evictTick(t, avail, evictions)
			evictions++
			continue
		}
		if !lastMet.IsZero() && t.Sub(lastMet) < 5*time.Minute {
			n.kl(hit, t, 'I', "eviction_manager.go:314", "Eviction manager: node conditions - transition period not met", "nodeCondition", nodeRaw(`["DiskPressure"]`))
			t = t.Add(n.ms(0.05, 0.3))
		} else if !lastMet.IsZero() && n.diskEnd.After(n.end) {
			clear := n.nextStatus(lastMet.Add(5 * time.Minute))
			n.kl(hit, clear, 'I', "kubelet_node_status.go:669", "Recording event message for node", "node", nodeHost, "event", "NodeHasNoDiskPressure")
			n.nodeEvent(hit, clear.Add(n.ms(0.1, 1)), "Normal", "NodeHasNoDiskPressure", "Node "+nodeHost+" status is now: NodeHasNoDiskPressure")
			n.diskEnd = clear.Add(time.Second)
		}
		n.kl(routine, t, 'I', "eviction_manager.go:362", "Eviction manager: no resources are starved")
		t = t.Add(10*time.Second + n.ms(0.5, 4))
	}
}

// evictTick writes a synchronize that finds the disk under its hard threshold: the
// manager tries to reclaim, finds nothing to reclaim at node level, and evicts the pod
// using the most: the export job first, then (its files not yet deleted) search.
func (n *nodeLog) evictTick(t time.Time, avail float64, k int) time.Time {
	g := n.g
	hit := incident(nodeDisk)
	capB := float64(nodeFsKi) * 1024
	thr := strconv.FormatInt(int64(0.1*capB), 10)
	availQ := nodeBinary(int64(avail) / 4096 * 4096)
	th := func(at time.Time, log string) time.Time {
		for _, s := range []string{"nodefs.available", "imagefs.available"} {
			at = at.Add(n.ms(0.01, 0.05))
			n.kl(hit, at, 'I', "helpers.go:1211", "Eviction manager: threshold observed resource", "log", log, "signal", s, "resourceName", "ephemeral-storage", "quantity", thr, "available", availQ)
		}
		return at
	}
	t = th(t, "thresholds - ignoring grace period")
	if k > 0 {
		t = th(t, "thresholds - reclaim not satisfied")
	}
	t = t.Add(n.ms(0.01, 0.05))
	n.kl(hit, t, 'I', "eviction_manager.go:304", "Eviction manager: node conditions - observed", "nodeCondition", nodeRaw(`["DiskPressure"]`))
	t = t.Add(n.ms(0.01, 0.05))
	n.kl(hit, t, 'I', "eviction_manager.go:314", "Eviction manager: node conditions - transition period not met", "nodeCondition", nodeRaw(`["DiskPressure"]`))
	t = th(t, "thresholds - grace periods satisfied")
	t = th(t, "thresholds - updated stats")
	t = t.Add(n.ms(0.02, 0.1))
	n.kl(hit, t, 'I', "eviction_manager.go:377", "Eviction manager: attempting to reclaim", "resourceName", "ephemeral-storage")
	n.nodeEvent(hit, t.Add(n.ms(0.05, 0.3)), "Warning", "EvictionThresholdMet", "Attempting to reclaim ephemeral-storage")
	if k == 0 {
		s := n.nextStatus(t)
		n.kl(hit, s, 'I', "kubelet_node_status.go:669", "Recording event message for node", "node", nodeHost, "event", "NodeHasDiskPressure")
		n.nodeEvent(hit, s.Add(n.ms(0.1, 1)), "Normal", "NodeHasDiskPressure", "Node "+nodeHost+" status is now: NodeHasDiskPressure")
	}
	t = t.Add(n.ms(150, 600)) // nothing to reclaim: the last image GC took the unused images
	n.observe(t, "observations after resource reclaim", t.Add(-n.ms(10, 100)))
	t = th(t.Add(n.ms(0.1, 0.5)), "thresholds after resource reclaim - ignoring grace period")
	t = t.Add(n.ms(0.02, 0.1))
	n.kl(hit, t, 'I', "eviction_manager.go:391", "Eviction manager: must evict pod(s) to reclaim", "resourceName", "ephemeral-storage")

	v := n.export
	if k > 0 {
		v = n.search
	}
	ranked := []string{v.ref()}
	if k == 0 {
		ranked = append(ranked, n.search.ref())
	}
	var rest []string
	for _, p := range n.pods {
		if p != n.search && !t.Before(p.from) && t.Before(p.until) && p.ns != "kube-system" {
			rest = append(rest, p.ref())
		}
	}
	for i := len(rest) - 1; i > 0; i-- {
		j := g.intn(i + 1)
		rest[i], rest[j] = rest[j], rest[i]
	}
	ranked = append(ranked, rest...)
	t = t.Add(n.ms(1, 4))
	n.kl(hit, t, 'I', "eviction_manager.go:409", "Eviction manager: pods ranked for eviction", "pods", nodeRaw(nodeQuote(ranked)))
	c, usage := v.ctrs[0], n.used(t)-n.baseUsed(t)
	if k > 0 {
		c, usage = v.ctr("search"), 3.1e9+float64(g.between(20e6, 90e6))
	}
	msg := fmt.Sprintf("The node was low on resource: ephemeral-storage. Threshold quantity: %s, available: %s. Container %s was using %s, request is 0, has larger consumption of ephemeral-storage. ",
		thr, availQ, c.name, nodeBinary(int64(usage)/4096*4096))
	t = t.Add(n.ms(0.5, 2))
	n.event(hit, t, v, "", "Warning", "Evicted", msg)
	if k == 0 {
		n.killAt = t // the export stops writing
	}
	v.until = t
	stopped := n.stop(v, t.Add(n.ms(0.2, 1)), hit, 2, true, func(c *nodeCtr) (time.Duration, int) {
		if c.name == "export" {
			return 5 * time.Second, 137 // it ignores SIGTERM
		}
		return n.ms(150, 700), 143
	})
	n.kl(hit, stopped.Add(n.ms(2, 12)), 'I', "eviction_manager.go:619", "Eviction manager: pod is evicted successfully", "pod", v.ref())
	sd := n.sandboxDown(v, stopped.Add(n.ms(5, 30)), hit)
	vd := n.volumesDown(v, sd.Add(n.ms(20, 200)), hit)
	n.kl(hit, vd.Add(n.ms(30, 300)), 'I', "kubelet.go:2411", "SyncLoop UPDATE", "source", "api", "pods", n.pods1(v))
	if k == 0 {
		// The kubelet's container garbage collection removes the evicted pod's container a
		// little later; deleting its 40-odd GB of small files takes about a minute.
		n.rmStart = t.Add(n.ms(38000, 48000))
		n.rmEnd = n.rmStart.Add(n.ms(50000, 60000))
		n.removeCtr(hit, n.rmStart, c.id, n.rmEnd.Sub(n.rmStart))
		to := stopped.Add(30*time.Second + n.ms(1, 20))
		n.kl(hit, to, 'I', "eviction_manager.go:447", "Eviction manager: timed out waiting for pods to be cleaned up", "pods", n.pods1(v))
		return to.Add(n.ms(0.2, 2))
	}
	n.searchFreed = vd
	r := n.rmStart.Add(n.ms(5, 40))
	if r.Before(vd) {
		r = vd.Add(n.ms(200, 900))
	}
	for i := len(v.ctrs) - 1; i >= 0; i-- {
		r = n.removeCtr(hit, r.Add(n.ms(1, 5)), v.ctrs[i].id, n.ms(8, 40))
	}
	cleaned := r.Add(n.ms(300, 1000))
	n.kl(hit, cleaned, 'I', "eviction_manager.go:458", "Eviction manager: pods successfully cleaned up", "pods", n.pods1(v))
	return cleaned.Add(n.ms(0.2, 2))
}

// oomReport writes the kernel's report of a memory cgroup OOM kill, one journal entry a
// line (the memory.stat dump is one multi-line entry), and the killed task reaped.
func (n *nodeLog) oomReport(tr truth, t time.Time, p *nodePod, c *nodeCtr, failcnt int) {
	g := n.g
	const adj = 995 // burstable: 1000 - 1000 × request / capacity
	comm := pick(g, []string{"http-nio-8080-e", "http-nio-8080-e", "ForkJoinPool.co", "C2 CompilerThre", "kafka-coordinat"})
	cg := p.cgroup() + "/cri-containerd-" + c.id + ".scope"
	anon := int64(g.between(2078000, 2089000))
	file := int64(g.between(9000, 21000))
	totalVM := g.between(1480000, 1560000)
	pgt := g.between(4700, 5000) * 1024
	hex := func() string { return fmt.Sprintf("%016x", g.rng.Uint64()>>g.between(8, 40)) }
	lines := [][2]string{
		{"4", fmt.Sprintf("%s invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=%d", comm, adj)},
		{"4", fmt.Sprintf("CPU: %d PID: %d Comm: %s Not tainted %s", g.intn(48), c.pid+g.between(30, 400), comm, nodeKernel)},
		{"4", "Hardware name: " + nodeHardware},
		{"4", "Call Trace:"},
		{"4", " <TASK>"},
	}
	for _, f := range []string{"show_stack+0x52/0x5c", "dump_stack_lvl+0x4a/0x63", "dump_stack+0x10/0x16", "dump_header+0x53/0x228", "oom_kill_process.cold+0xb/0x10",
		"out_of_memory+0x106/0x2e0", "mem_cgroup_out_of_memory+0x13b/0x160", "try_charge_memcg+0x68a/0x740", "charge_memcg+0x45/0xb0", "__mem_cgroup_charge+0x2d/0x90",
		"do_anonymous_page+0x110/0x3b0", "__handle_mm_fault+0x8a9/0x9b0", "handle_mm_fault+0xd8/0x2c0", "do_user_addr_fault+0x1c9/0x670", "exc_page_fault+0x77/0x170",
		"asm_exc_page_fault+0x27/0x30"} {
		lines = append(lines, [2]string{"4", " " + f})
	}
	rip := 0x7f0000000000 + g.rng.Int63n(1<<40)
	lines = append(lines,
		[2]string{"4", fmt.Sprintf("RIP: 0033:0x%x", rip)},
		[2]string{"4", fmt.Sprintf("Code: Unable to access opcode bytes at RIP 0x%x.", rip-0x2a)},
		[2]string{"4", fmt.Sprintf("RSP: 002b:00007f%010x EFLAGS: 00010206", g.rng.Int63n(1<<40))},
		[2]string{"4", fmt.Sprintf("RAX: %s RBX: %s RCX: %s", hex(), hex(), hex())},
		[2]string{"4", fmt.Sprintf("RDX: %s RSI: %s RDI: %s", hex(), hex(), hex())},
		[2]string{"4", fmt.Sprintf("RBP: %s R08: %s R09: %s", hex(), hex(), hex())},
		[2]string{"4", fmt.Sprintf("R10: %s R11: %s R12: %s", hex(), hex(), hex())},
		[2]string{"4", fmt.Sprintf("R13: %s R14: %s R15: %s", hex(), hex(), hex())},
		[2]string{"4", " </TASK>"},
		[2]string{"6", fmt.Sprintf("memory: usage 2097152kB, limit 2097152kB, failcnt %d", failcnt)},
		[2]string{"6", "swap: usage 0kB, limit 0kB, failcnt 0"},
		[2]string{"6", "Memory cgroup stats for " + cg + ":"},
		[2]string{"6", n.memStat(anon*1024, file*1024)},
		[2]string{"6", "Tasks state (memory values in pages):"},
		[2]string{"6", "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"},
		[2]string{"6", fmt.Sprintf("[%7d] %5d %5d %8d %8d %8d %8d         %5d %s", c.pid, 10001, c.pid, totalVM, (anon+file)/4, pgt, 0, adj, "java")},
		[2]string{"6", fmt.Sprintf("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-%s.scope,mems_allowed=0-1,oom_memcg=%s,task_memcg=%s,task=java,pid=%d,uid=10001", c.id, cg, cg, c.pid)},
		[2]string{"3", fmt.Sprintf("Memory cgroup out of memory: Killed process %d (java) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:0kB, UID:10001 pgtables:%dkB oom_score_adj:%d", c.pid, totalVM*4, anon, file, pgt/1024, adj)},
	)
	for _, l := range lines {
		n.kern(tr, t, l[0], l[1])
		t = t.Add(time.Duration(g.between(3, 40)) * time.Microsecond)
	}
	n.kern(tr, t.Add(n.ms(6, 40)), "6", fmt.Sprintf("oom_reaper: reaped process %d (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", c.pid))
}

// memStat is a cgroup v2 memory.stat as the OOM report dumps it.
func (n *nodeLog) memStat(anon, file int64) string {
	g := n.g
	kv := []struct {
		k string
		v int64
	}{{"anon", anon}, {"file", file}, {"kernel_stack", int64(g.between(2400, 3100)) * 1024}, {"pagetables", int64(g.between(4700, 5000)) * 1024}, {"percpu", int64(g.between(60, 90)) * 1024},
		{"sock", int64(g.intn(80)) * 4096}, {"shmem", 0}, {"file_mapped", file / 2}, {"file_dirty", 0}, {"file_writeback", 0}, {"swapcached", 0},
		{"anon_thp", int64(g.between(900, 1400)) << 21}, {"file_thp", 0}, {"shmem_thp", 0}, {"inactive_anon", anon - int64(g.between(1, 30))*4096}, {"active_anon", int64(g.between(1, 30)) * 4096},
		{"inactive_file", file / 3}, {"active_file", file - file/3}, {"unevictable", 0}, {"slab_reclaimable", int64(g.between(300, 700)) * 1024}, {"slab_unreclaimable", int64(g.between(900, 1500)) * 1024},
		{"slab", int64(g.between(1300, 2100)) * 1024}, {"workingset_refault_anon", 0}, {"workingset_refault_file", int64(g.between(200, 2000))}, {"workingset_activate_anon", 0},
		{"workingset_activate_file", int64(g.between(20, 300))}, {"workingset_restore_anon", 0}, {"workingset_restore_file", int64(g.between(5, 90))}, {"workingset_nodereclaim", 0},
		{"pgfault", int64(g.between(700000, 1400000))}, {"pgmajfault", int64(g.between(20, 300))}, {"pgrefill", int64(g.between(2000, 9000))}, {"pgscan", int64(g.between(30000, 90000))},
		{"pgsteal", int64(g.between(20000, 60000))}, {"pgactivate", int64(g.between(100000, 400000))}, {"pgdeactivate", int64(g.between(2000, 9000))}, {"pglazyfree", 0}, {"pglazyfreed", 0},
		{"thp_fault_alloc", int64(g.between(900, 1500))}, {"thp_collapse_alloc", int64(g.intn(20))}}
	s := make([]string, len(kv))
	for i, x := range kv {
		s[i] = x.k + " " + strconv.FormatInt(x.v, 10)
	}
	return strings.Join(s, "\n")
}

// oomIncident writes recommendations' Java container killed by the kernel's OOM killer
// over and over: each kill, the back-off before the restart growing, each restart's
// slow start, until a rollout with a higher memory limit replaces the pod.
func (n *nodeLog) oomIncident() {
	g := n.g
	hit := incident(nodeOOM)
	p := n.recos
	c := p.ctr("recommendations")
	idx := 1 // its index among the pod's containers (linkerd-proxy is 0)
	fix := n.oomAt.Add(15*time.Minute + n.ms(0, 40000))
	backoffs := []time.Duration{0, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second, 160 * time.Second, 300 * time.Second}
	failcnt := g.between(900, 2400)
	crash := n.oomAt
	dead := []string{}
	backoffKey := fmt.Sprintf("%s_shop(%s)", p.name, p.uid)
	var lastReady time.Time
	for k := 0; ; k++ {
		// The kill.
		n.oomReport(hit, crash, p, c, failcnt)
		failcnt += g.between(600, 1900)
		x := crash.Add(n.ms(0.5, 2))
		n.cd(hit, x, "info", fmt.Sprintf("TaskOOM event container_id:%q", c.id))
		n.sd(hit, x.Add(n.ms(0.5, 3)), "5", "src/core/unit.c:3811:unit_check_oom", "cri-containerd-"+c.id+".scope",
			[]field{{"MESSAGE_ID", "fe6faa94e7774663a0da52717891d8ef"}, {"INVOCATION_ID", g.hex(32)}}, "cri-containerd-"+c.id+".scope: A process of this unit has been killed by the OOM killer.")
		up := crash.Sub(lastReady)
		if lastReady.IsZero() {
			up = time.Duration(g.between(3, 30)) * time.Hour
		}
		pl := n.ctrExit(p, c, x.Add(n.ms(10, 60)), hit, 137, time.Duration(up.Seconds()*g.lognormal(2.2, 0.2)*float64(time.Second)))
		dead = append(dead, c.id)
		n.patchReady(hit, pl.Add(n.ms(5, 30)), p, false, c.name)
		// The pod worker's syncs: refused while the back-off runs, then the restart.
		bo := backoffs[min(k, len(backoffs)-1)]
		msg := fmt.Sprintf("back-off %s restarting failed container=%s pod=%s", bo, c.name, backoffKey)
		s := pl.Add(n.ms(30, 200))
		down := crash
		for ; s.Before(crash.Add(bo)) && s.Before(fix); s = s.Add(n.ms(10000, 14500)) {
			n.kl(hit, s, 'I', "kubelet_pods.go:1589", "Generating pod status", "podIsTerminal", false, "pod", p.ref())
			n.kl(hit, s.Add(n.ms(3, 9)), 'I', "kuberuntime_manager.go:1001", "Container of pod is not in the desired state and shall be started", "containerName", c.name, "pod", p.ref())
			n.kl(hit, s.Add(n.ms(9, 12)), 'I', "kuberuntime_manager.go:1024", "computePodActions got for pod", "podActions", nodeRaw(n.actions(p, []int{idx})), "pod", p.ref())
			n.kl(hit, s.Add(n.ms(12, 14)), 'I', "kuberuntime_manager.go:1263", "Back-off restarting failed container", "err", msg)
			n.event(hit, s.Add(n.ms(14, 15)), p, c.name, "Warning", "BackOff", fmt.Sprintf("Back-off restarting failed container %s in pod %s", c.name, backoffKey))
			n.kl(hit, s.Add(n.ms(15, 17)), 'E', "pod_workers.go:1300", "Error syncing pod, skipping",
				"err", fmt.Sprintf("failed to %q for %q with CrashLoopBackOff: %q", "StartContainer", c.name, msg), "pod", p.ref(), "podUID", p.uid)
		}
		if !s.Before(fix) {
			c.down = append(c.down, [2]time.Time{down, n.end.Add(time.Hour)})
			break
		}
		// The restart: the kubelet keeps one dead container, removes older ones.
		n.kl(hit, s, 'I', "kubelet_pods.go:1589", "Generating pod status", "podIsTerminal", false, "pod", p.ref())
		n.kl(hit, s.Add(n.ms(3, 9)), 'I', "kuberuntime_manager.go:1001", "Container of pod is not in the desired state and shall be started", "containerName", c.name, "pod", p.ref())
		n.kl(hit, s.Add(n.ms(9, 12)), 'I', "kuberuntime_manager.go:1024", "computePodActions got for pod", "podActions", nodeRaw(n.actions(p, []int{idx})), "pod", p.ref())
		s = s.Add(n.ms(12, 20))
		if len(dead) > 1 {
			s = n.removeCtr(hit, s, dead[len(dead)-2], n.ms(8, 30))
		}
		c.id = g.hex(64)
		ts := n.ctrStart(p, c, s.Add(n.ms(1, 5)), hit, k+1, nodePull{})
		n.pleg(hit, ts.Add(n.ms(300, 1000)), p, "ContainerStarted", c.id)
		// The JVM starting: the startup probe refused until it listens.
		listening := ts.Add(time.Duration(g.lognormal(31, 0.12) * float64(time.Second)))
		pr := p.ctrs[2].probes[0]
		url := n.probeURL(p, pr)
		probe := ts.Add(n.ms(5000, 5800))
		for ; probe.Before(listening); probe = probe.Add(5 * time.Second) {
			out := fmt.Sprintf("Get %q: dial tcp %s:8080: connect: connection refused", url, p.ip)
			n.kl(hit, probe, 'I', "prober.go:107", "Probe failed", "probeType", "Startup", "pod", p.ref(), "podUID", p.uid, "containerName", c.name, "probeResult", "failure", "output", out)
			n.event(hit, probe.Add(n.ms(0.1, 1)), p, c.name, "Warning", "Unhealthy", "Startup probe failed: "+out)
		}
		probe = probe.Add(n.ms(2, 40))
		n.kl(hit, probe, 'I', "prober.go:115", "Probe succeeded", "probeType", "Startup", "pod", p.ref(), "podUID", p.uid, "containerName", c.name)
		n.probeChange(hit, probe.Add(n.ms(0.2, 1)), p, "startup", "started")
		ready := probe.Add(n.ms(300, 9800))
		n.kl(hit, ready, 'I', "prober.go:115", "Probe succeeded", "probeType", "Readiness", "pod", p.ref(), "podUID", p.uid, "containerName", c.name)
		n.probeChange(hit, ready.Add(n.ms(0.2, 1)), p, "readiness", "ready")
		n.patchReady(hit, ready.Add(n.ms(3, 20)), p, true, "")
		c.down = append(c.down, [2]time.Time{down, ready.Add(time.Millisecond)})
		lastReady = ready
		// Its heap fills under load until the next kill.
		crash = ready.Add(time.Duration(g.lognormal(76, 0.2) * float64(time.Second)))
		if crash.After(fix.Add(70 * time.Second)) {
			break
		}
	}

	// The fix: a new ReplicaSet with a 3 GiB limit; the old pod goes once the new is ready.
	q := n.shopPod("recommendations", "5d9f7c8b6", "recommendations:3.8.2", nodeHTTP("Startup", 8080, "/actuator/health/liveness", 5),
		nodeHTTP("Readiness", 8080, "/actuator/health/readiness", 10), nodeHTTP("Liveness", 8080, "/actuator/health/liveness", 15))
	ts := n.podStart(q, fix, hit, nil)
	qc := q.ctr("recommendations")
	listening := ts.Add(time.Duration(g.lognormal(29, 0.1) * float64(time.Second)))
	url := n.probeURL(q, q.ctrs[2].probes[0])
	probe := ts.Add(n.ms(5000, 5800))
	for ; probe.Before(listening); probe = probe.Add(5 * time.Second) {
		out := fmt.Sprintf("Get %q: dial tcp %s:8080: connect: connection refused", url, q.ip)
		n.kl(hit, probe, 'I', "prober.go:107", "Probe failed", "probeType", "Startup", "pod", q.ref(), "podUID", q.uid, "containerName", qc.name, "probeResult", "failure", "output", out)
		n.event(hit, probe.Add(n.ms(0.1, 1)), q, qc.name, "Warning", "Unhealthy", "Startup probe failed: "+out)
	}
	n.kl(hit, probe, 'I', "prober.go:115", "Probe succeeded", "probeType", "Startup", "pod", q.ref(), "podUID", q.uid, "containerName", qc.name)
	n.probeChange(hit, probe.Add(n.ms(0.2, 1)), q, "startup", "started")
	ready := probe.Add(n.ms(300, 9800))
	n.kl(hit, ready, 'I', "prober.go:115", "Probe succeeded", "probeType", "Readiness", "pod", q.ref(), "podUID", q.uid, "containerName", qc.name)
	n.probeChange(hit, ready.Add(n.ms(0.2, 1)), q, "readiness", "ready")
	n.patchReady(hit, ready.Add(n.ms(3, 20)), q, true, "")
	qc.down = append(qc.down, [2]time.Time{ts, ready.Add(time.Millisecond)})
	n.pods = append(n.pods, q)

	gone := n.kill(p, ready.Add(n.ms(800, 3000)), hit, 30, func(c *nodeCtr) (time.Duration, int) {
		if c.name == "recommendations" {
			return n.ms(1200, 2600), 143
		}
		return n.ms(80, 500), 0
	})
	// The dead containers the kubelet had kept.
	if last := dead[len(dead)-1]; last != c.id {
		gone = n.removeCtr(hit, gone.Add(n.ms(1, 5)), last, n.ms(8, 30))
	}
	n.oomEnd = gone.Add(time.Second)
	p.quiet = append(p.quiet, [2]time.Time{n.oomAt, n.oomEnd})
}

// nodeWatch is one of the kubelet's reflectors: its name and what it lists.
type nodeWatch struct{ name, kind, list string }

// watches are the kubelet's reflectors: its pods, its node, services, and each ConfigMap
// and Secret its pods mount (and every namespace's kube-root-ca.crt).
func (n *nodeLog) watches(t time.Time) []nodeWatch {
	rv := strconv.Itoa(n.g.between(181000000, 189000000))
	ws := []nodeWatch{
		{"pkg/kubelet/config/apiserver.go:66", "*v1.Pod", "/api/v1/pods?fieldSelector=spec.nodeName%3D" + nodeHost + "&resourceVersion=" + rv},
		{"k8s.io/client-go/informers/factory.go:150", "*v1.Node", "/api/v1/nodes?fieldSelector=metadata.name%3D" + nodeHost + "&resourceVersion=" + rv},
		{"k8s.io/client-go/informers/factory.go:150", "*v1.Service", "/api/v1/services?resourceVersion=" + rv},
		{"k8s.io/client-go/informers/factory.go:150", "*v1.RuntimeClass", "/apis/node.k8s.io/v1/runtimeclasses?resourceVersion=" + rv},
		{"k8s.io/client-go/informers/factory.go:150", "*v1.CSIDriver", "/apis/storage.k8s.io/v1/csidrivers?resourceVersion=" + rv},
	}
	seen := map[string]bool{}
	obj := func(ns, name, kind, res string) {
		key := kind + "/" + ns + "/" + name
		if seen[key] {
			return
		}
		seen[key] = true
		ws = append(ws, nodeWatch{fmt.Sprintf("object-%q/%q", ns, name), kind,
			fmt.Sprintf("/api/v1/namespaces/%s/%s?fieldSelector=metadata.name%%3D%s&resourceVersion=%s", ns, res, name, rv)})
	}
	for _, p := range n.pods {
		if t.Before(p.from) || !t.Before(p.until) {
			continue
		}
		obj(p.ns, "kube-root-ca.crt", "*v1.ConfigMap", "configmaps")
		for _, v := range p.vols {
			switch v.plugin {
			case "kubernetes.io/configmap":
				obj(p.ns, v.name, "*v1.ConfigMap", "configmaps")
			case "kubernetes.io/secret":
				obj(p.ns, v.name, "*v1.Secret", "secrets")
			}
		}
	}
	return ws
}

// flapIncident writes the node's NIC losing its link three times in a minute, the
// second time for most of it: the kubelet's lease and status updates time out, its
// HTTP/2 connection to the API server is declared dead and every watch ends.
func (n *nodeLog) flapIncident() {
	g := n.g
	hit := incident(nodeFlap)
	dev := []field{{"_KERNEL_DEVICE", "+pci:0000:3b:00.0"}, {"_KERNEL_SUBSYSTEM", "pci"}, {"_UDEV_SYSNAME", "0000:3b:00.0"}}
	iface := []field{{"INTERFACE", "eno1"}}
	t0 := n.flapAt
	outages := [][2]time.Time{
		{t0, t0.Add(n.ms(1900, 2600))},
		{t0.Add(n.ms(5000, 6200)), t0.Add(n.ms(55000, 59000))},
		{t0.Add(n.ms(63000, 66000)), t0.Add(n.ms(66800, 68500))},
	}
	for _, o := range outages {
		n.kern(hit, o[0], "6", nodeNIC+": NIC Link is Down", dev...)
		n.native(n.networkd, hit, o[0].Add(n.ms(0.5, 3)), "6", "src/network/networkd-link.c:1893:link_update_flags", iface, "eno1: Lost carrier")
		n.kern(hit, o[1], "6", nodeNIC+": NIC Link is Up, 10 Gbps Full Duplex, Flow Control: None", dev...)
		n.native(n.networkd, hit, o[1].Add(n.ms(0.5, 3)), "6", "src/network/networkd-link.c:1881:link_update_flags", iface, "eno1: Gained carrier")
	}
	long := outages[1]
	lost := long[0].Add(45*time.Second + n.ms(0, 1500)) // HTTP/2 health check: 30 s idle, 15 s for the ping
	up := long[1]
	timeout := "net/http: request canceled (Client.Timeout exceeded while awaiting headers)"
	noRoute := "dial tcp " + nodeControlPlane + ": connect: no route to host"
	// outcome is what a request sent at a gets, and when: the link down, it waits for the
	// 10 s client timeout or the dead connection; once it is dead, new dials fail.
	outcome := func(a time.Time) (time.Time, string, bool) {
		switch {
		case a.Before(long[0].Add(-2 * time.Second)):
			return a, "", true
		case a.Before(lost):
			if e := a.Add(10 * time.Second); e.Before(lost) {
				return e.Add(n.ms(0.1, 2)), timeout, false
			}
			return lost.Add(n.ms(0.1, 3)), "http2: client connection lost", false
		case a.Before(up.Add(-3 * time.Second)):
			return a.Add(3*time.Second + n.ms(20, 80)), noRoute, false
		}
		return a, "", true
	}
	lease := fmt.Sprintf(`Put "https://%s/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/%s?timeout=10s": `, nodeControlPlane, nodeHost)
	a := long[0].Add(-2*time.Second + n.ms(0, 10000)) // the lease's renewal, every 10 s
	for tries := 0; tries < 5; tries++ {
		e, err, ok := outcome(a)
		if ok {
			break
		}
		n.kl(hit, e, 'E', "controller.go:193", "Failed to update lease", "err", lease+err)
		a = e.Add(n.ms(1, 5))
		if tries == 4 {
			n.kl(hit, a, 'I', "controller.go:121", "failed to update lease using latest lease, fallback to ensure lease", "err", "failed 5 attempts to update lease")
			if e, err, ok := outcome(a); !ok {
				n.kl(hit, e, 'E', "controller.go:144", "failed to ensure lease exists, will retry", "err", fmt.Sprintf(`Get "https://%s/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/%s?timeout=10s": %s`, nodeControlPlane, nodeHost, err), "interval", "7s")
			}
		}
	}
	get := fmt.Sprintf(`error getting node %q: Get "https://%s/api/v1/nodes/%s?resourceVersion=0&timeout=10s": `, nodeHost, nodeControlPlane, nodeHost)
	a = n.nextStatus(long[0])
	for tries := 0; tries < 5; tries++ {
		e, err, ok := outcome(a)
		if ok {
			break
		}
		n.kl(hit, e, 'E', "kubelet_node_status.go:540", "Error updating node status, will retry", "err", get+err)
		a = e.Add(n.ms(0.5, 3))
		if tries == 4 {
			n.kl(hit, a, 'E', "kubelet_node_status.go:527", "Unable to update node status", "err", "update node status exceeds retry count")
		}
	}
	// Every watch ends with the connection; each reflector relists after a back-off.
	ws := n.watches(lost)
	for i := len(ws) - 1; i > 0; i-- {
		k := g.intn(i + 1)
		ws[i], ws[k] = ws[k], ws[i]
	}
	for _, w := range ws {
		at := lost.Add(n.ms(0.05, 4))
		n.stdout(n.kubelet, hit, at, fmt.Sprintf("W%s %7d reflector.go:458] %s: watch of %s ended with: an error on the server (\"unable to decode an event from the watch stream: http2: client connection lost\") has prevented the request from succeeding",
			at.Format("0102 15:04:05.000000"), nodeKubeletPID, w.name, w.kind))
		for retry := at.Add(n.ms(800, 1700)); retry.Before(up.Add(-3 * time.Second)); retry = retry.Add(n.ms(1600, 3400)) {
			e := retry.Add(3*time.Second + n.ms(20, 80))
			url := fmt.Sprintf("Get \"https://%s%s\": %s", nodeControlPlane, w.list, noRoute)
			n.stdout(n.kubelet, hit, e, fmt.Sprintf("W%s %7d reflector.go:535] %s: failed to list %s: %s", e.Format("0102 15:04:05.000000"), nodeKubeletPID, w.name, w.kind, url))
			e = e.Add(n.ms(0.01, 0.1))
			n.stdout(n.kubelet, hit, e, fmt.Sprintf("E%s %7d reflector.go:147] %s: Failed to watch %s: failed to list %s: %s", e.Format("0102 15:04:05.000000"), nodeKubeletPID, w.name, w.kind, w.kind, url))
			retry = e
		}
	}
	n.flapEnd = outages[2][1].Add(5 * time.Second)
}

// hungTask is the kernel's hung task report for a containerd thread stuck in the
// unmount of an overlay filesystem, waiting for writeback.
func (n *nodeLog) hungTask(tr truth, t time.Time, tid int) {
	g := n.g
	hex := func() string { return fmt.Sprintf("%016x", g.rng.Uint64()>>g.between(16, 48)) }
	lines := [][2]string{
		{"3", fmt.Sprintf("INFO: task containerd:%d blocked for more than 120 seconds.", tid)},
		{"3", "      Not tainted " + nodeKernel},
		{"3", `"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`},
		{"6", fmt.Sprintf("task:containerd      state:D stack:    0 pid:%d ppid:     1 flags:0x00000000", tid)},
		{"4", "Call Trace:"},
		{"4", " <TASK>"},
	}
	for _, f := range []string{"__schedule+0x24e/0x590", "schedule+0x69/0x110", "wb_wait_for_completion+0x5a/0x90", "? wait_woken+0x70/0x70", "sync_inodes_sb+0xd8/0x2b0",
		"sync_filesystem+0x8a/0xa0", "ovl_sync_fs+0x54/0x80 [overlay]", "sync_filesystem+0x6e/0xa0", "generic_shutdown_super+0x27/0x120", "kill_anon_super+0x18/0x30",
		"deactivate_locked_super+0x3b/0x80", "deactivate_super+0x44/0x50", "cleanup_mnt+0x150/0x1d0", "__cleanup_mnt+0x12/0x20", "task_work_run+0x6d/0xb0",
		"exit_to_user_mode_prepare+0x1b0/0x1c0", "syscall_exit_to_user_mode+0x27/0x50", "do_syscall_64+0x69/0xc0", "? do_syscall_64+0x69/0xc0", "entry_SYSCALL_64_after_hwframe+0x62/0xcc"} {
		lines = append(lines, [2]string{"4", " " + f})
	}
	lines = append(lines,
		[2]string{"4", fmt.Sprintf("RIP: 0033:0x55%010x", g.rng.Int63n(1<<40))},
		[2]string{"4", fmt.Sprintf("RSP: 002b:000000c00%07x EFLAGS: 00000216 ORIG_RAX: 00000000000000a6", g.rng.Int63n(1<<28))},
		[2]string{"4", fmt.Sprintf("RAX: 0000000000000000 RBX: %s RCX: %s", hex(), hex())},
		[2]string{"4", fmt.Sprintf("RDX: 0000000000000000 RSI: 0000000000000002 RDI: %s", hex())},
		[2]string{"4", fmt.Sprintf("RBP: %s R08: 0000000000000000 R09: 0000000000000000", hex())},
		[2]string{"4", fmt.Sprintf("R10: 0000000000000000 R11: 0000000000000216 R12: %s", hex())},
		[2]string{"4", fmt.Sprintf("R13: 0000000000000000 R14: %s R15: 0000000000000000", hex())},
		[2]string{"4", " </TASK>"},
	)
	for _, l := range lines {
		n.kern(tr, t, l[0], l[1])
		t = t.Add(time.Duration(g.between(3, 30)) * time.Microsecond)
	}
}

// hangIncident writes containerd stuck for four minutes or so: a report-generator
// container exits and unmounting its overlay rootfs blocks in syncfs behind a mass of
// dirty pages, with containerd's metadata lock held. Every CRI call waits; the kubelet's
// calls time out after 2 minutes; the PLEG is unhealthy after 3, the node NotReady,
// until the unmount completes.
func (n *nodeLog) hangIncident() {
	g := n.g
	hit := incident(nodeHang)
	h0, h1 := n.hangAt, n.hangEnd
	gen := n.crons[1] // report-generator
	sched := h0.Truncate(15 * time.Minute)
	p := n.cronPod(gen, sched)
	ts := n.podStart(p, sched.Add(n.ms(1100, 2900)), routine, nil)
	c := p.ctrs[0]
	// The container's end: its scope goes, its exit is never handled.
	scope := "cri-containerd-" + c.id + ".scope"
	n.deactivated(routine, h0, scope)
	n.consumed(routine, h0.Add(n.ms(0.02, 0.1)), scope, time.Duration(h0.Sub(ts).Seconds()*0.8*float64(time.Second)))
	tid := 1043 + g.between(80, 2400)
	// The detector looks every 120 s and reports a task blocked for longer each time.
	for ht := h0.Add(2*time.Minute + n.ms(1000, 60000)); ht.Before(h1); ht = ht.Add(2*time.Minute + n.ms(0, 20)) {
		n.hungTask(hit, ht, tid)
	}
	// When the unmount completes, containerd handles the exit.
	x := h1.Add(n.ms(1, 5))
	n.deactivated(hit, x, nodeUnit("/run/containerd/io.containerd.runtime.v2.task/k8s.io/"+c.id+"/rootfs", "mount"))
	n.cd(hit, x.Add(n.ms(1, 3)), "info", fmt.Sprintf("TaskExit event container_id:%q id:%q pid:%d exit_status:0 exited_at:{seconds:%d nanos:%d}", c.id, c.id, c.pid, h0.Unix(), h0.Nanosecond()))
	n.pleg(hit, h1.Add(n.ms(600, 1400)), p, "ContainerDied", c.id)
	sd := n.sandboxDown(p, h1.Add(n.ms(1500, 3000)), routine)
	vd := n.volumesDown(p, sd.Add(n.ms(10, 200)), routine)
	n.kl(routine, vd.Add(n.ms(20, 300)), 'I', "kubelet.go:2411", "SyncLoop UPDATE", "source", "api", "pods", n.pods1(p))
	n.remove(p, sched.Add(45*time.Minute+n.ms(90000, 140000)), routine)

	// The PLEG's relist waits for containerd; each try times out after 2 minutes.
	relist := h0.Add(n.ms(0, 1000))
	active := relist.Add(-n.ms(50, 900))
	for {
		ret := relist.Add(2*time.Minute + n.ms(0.5, 3))
		if !ret.Before(h1) {
			break
		}
		n.kl(hit, ret, 'E', "remote_runtime.go:294", "ListPodSandbox with filter from runtime service failed", "err", nodeDeadline, "filter", "nil")
		n.kl(hit, ret.Add(n.ms(0.02, 0.1)), 'E', "kuberuntime_sandbox.go:297", "Failed to list pod sandboxes", "err", nodeDeadline)
		n.kl(hit, ret.Add(n.ms(0.1, 0.2)), 'E', "generic.go:238", "GenericPLEG: Unable to retrieve pods", "err", nodeDeadline)
		relist = ret.Add(time.Second)
	}
	// The runtime's status, asked every 5 s.
	for st := h0.Add(n.ms(0, 5000)); ; {
		ret := st.Add(2*time.Minute + n.ms(0.5, 3))
		if !ret.Before(h1) {
			break
		}
		n.kl(hit, ret, 'E', "remote_runtime.go:625", "Status from runtime service failed", "err", nodeDeadline)
		n.kl(hit, ret.Add(n.ms(0.02, 0.1)), 'E', "kubelet.go:2855", "Container runtime sanity check failed", "err", nodeDeadline)
		st = ret.Add(5 * time.Second)
	}
	// The PLEG unhealthy: the sync loop skips, backing off to 5 s; the node NotReady.
	pleg := func(at time.Time) string {
		return fmt.Sprintf("PLEG is not healthy: pleg was last seen active %s ago; threshold is 3m0s", at.Sub(active).Round(time.Microsecond))
	}
	sleep := 100 * time.Millisecond
	for s := active.Add(3*time.Minute + n.ms(1, 90)); s.Before(h1); s = s.Add(sleep + n.ms(0.05, 1)) {
		n.kl(hit, s, 'E', "kubelet.go:2346", "Skipping pod synchronization", "err", pleg(s))
		sleep = min(2*sleep, 5*time.Second)
	}
	ns := n.nextStatus(active.Add(3 * time.Minute))
	if ns.Before(h1) {
		hb := ns.UTC().Format(time.RFC3339)
		n.kl(hit, ns, 'I', "setters.go:568", "Node became not ready", "node", nodeHost, "condition",
			nodeRaw(fmt.Sprintf(`{"type":"Ready","status":"False","lastHeartbeatTime":%q,"lastTransitionTime":%q,"reason":"KubeletNotReady","message":%q}`, hb, hb, pleg(ns))))
		n.kl(hit, ns.Add(n.ms(0.1, 1)), 'I', "kubelet_node_status.go:669", "Recording event message for node", "node", nodeHost, "event", "NodeNotReady")
		n.nodeEvent(hit, ns.Add(n.ms(1, 2)), "Normal", "NodeNotReady", "Node "+nodeHost+" status is now: NodeNotReady")
	}
	// Abandoned exec probes, handled now that containerd answers.
	for _, q := range n.pods {
		for _, qc := range q.ctrs {
			for _, pr := range qc.probes {
				if pr.how == "exec" && !h0.Before(q.from) && h1.Before(q.until) && g.chance(0.8) {
					n.cd(hit, h1.Add(n.ms(2, 400)), "error", fmt.Sprintf("ExecSync for %q failed", qc.id), "error", fmt.Sprintf("failed to exec in container: failed to create exec %q: context canceled", g.hex(64)))
				}
			}
		}
	}
	ready := n.nextStatus(h1.Add(n.ms(1100, 1600)))
	n.kl(hit, ready, 'I', "kubelet_node_status.go:669", "Recording event message for node", "node", nodeHost, "event", "NodeReady")
	n.nodeEvent(hit, ready.Add(n.ms(1, 2)), "Normal", "NodeReady", "Node "+nodeHost+" status is now: NodeReady")

	// A cache-warmer run admitted during the hang: its sandbox request waits, times out,
	// is retried; the first completes when containerd comes back and the retry finds the
	// name reserved. The kubelet then uses the sandbox it finds.
	cw := n.crons[0]
	cs := h0.Truncate(5 * time.Minute).Add(5 * time.Minute)
	if cs.Add(2*time.Minute + 10*time.Second).After(h1) {
		return
	}
	q := n.cronPod(cw, cs)
	a := n.admit(q, cs.Add(n.ms(1100, 2900)), routine)
	a = a.Add(n.ms(0.2, 1))
	n.cd(routine, a, "info", "RunPodSandbox for "+n.sandboxMeta(q, 0))
	name := fmt.Sprintf("%s_%s_%s_0", q.name, q.ns, q.uid)
	fail := func(at time.Time, err string) {
		n.kl(hit, at, 'E', "remote_runtime.go:193", "RunPodSandbox from runtime service failed", "err", err)
		n.kl(hit, at.Add(n.ms(0.02, 0.1)), 'E', "kuberuntime_sandbox.go:72", "Failed to create sandbox for pod", "err", err, "pod", q.ref())
		n.kl(hit, at.Add(n.ms(0.1, 0.2)), 'E', "kuberuntime_manager.go:1166", "CreatePodSandbox for pod failed", "err", err, "pod", q.ref())
		inner := fmt.Sprintf("Failed to create sandbox for pod %q: %s", q.name+"_"+q.ns+"("+q.uid+")", err)
		n.kl(hit, at.Add(n.ms(0.2, 0.4)), 'E', "pod_workers.go:1300", "Error syncing pod, skipping",
			"err", fmt.Sprintf("failed to %q for %q with CreatePodSandboxError: %q", "CreatePodSandbox", q.name+"_"+q.ns+"("+q.uid+")", inner), "pod", q.ref(), "podUID", q.uid)
		n.event(hit, at.Add(n.ms(0.3, 0.6)), q, "", "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: "+err)
	}
	e1 := a.Add(2*time.Minute + n.ms(0.5, 3))
	fail(e1, nodeDeadline)
	retry := e1.Add(n.ms(10000, 14000))
	n.kl(hit, retry, 'I', "util.go:30", "No sandbox for pod can be found. Need to start a new one", "pod", q.ref())
	n.cd(hit, retry.Add(n.ms(0.2, 1)), "info", "RunPodSandbox for "+n.sandboxMeta(q, 0))
	up := n.sandboxUp(q, h1.Add(n.ms(5, 200)), hit, false)
	reserved := fmt.Sprintf("failed to reserve sandbox name %q: name %q is reserved for %q", name, name, q.sandbox)
	r := h1.Add(n.ms(2, 30))
	if retry.Add(2 * time.Minute).Before(h1) {
		fail(retry.Add(2*time.Minute+n.ms(0.5, 3)), nodeDeadline)
	} else {
		n.cd(hit, r, "error", "RunPodSandbox for "+n.sandboxMeta(q, 0)+" failed", "error", reserved)
		fail(r.Add(n.ms(0.2, 1)), "rpc error: code = Unknown desc = "+reserved)
	}
	pl := up.Add(n.ms(400, 1200))
	n.pleg(hit, pl, q, "ContainerStarted", q.sandbox)
	s := pl.Add(n.ms(5, 40))
	n.kl(hit, s, 'I', "kuberuntime_manager.go:1024", "computePodActions got for pod", "podActions", nodeRaw(n.actions(q, []int{0})), "pod", q.ref())
	st := n.ctrStart(q, q.ctrs[0], s.Add(n.ms(1, 5)), hit, 0, nodePull{})
	n.pleg(hit, st.Add(n.ms(300, 1000)), q, "ContainerStarted", q.ctrs[0].id)
	q.from = st
	n.cronEnd(q, st.Add(time.Duration(g.lognormal(cw.median, 0.3)*float64(time.Second))), routine, 0)
	n.remove(q, cs.Add(3*cw.period+n.ms(30000, 60000)), routine)
}

// rollout writes the rolling update of catalog: for each of its two pods on the node a
// new one is started (the first pulls the new image) and, once ready, the old one is
// deleted with its 30 s grace period.
func (n *nodeLog) rollout() {
	g := n.g
	tr := n.deploy.truth()
	at := n.deploy.start.Add(n.ms(300, 2500))
	for i, old := range n.catalog {
		np := n.shopPod("catalog", "6c8f7d9b4", "catalog:2.14.0", nodeHTTP("Readiness", 8080, "/ready", 10), nodeHTTP("Liveness", 8080, "/live", 20))
		np.tr, np.trUntil = tr, n.deploy.start.Add(30*time.Minute)
		pulls := map[string]nodePull{}
		if i == 0 {
			pulls["catalog"] = nodePull{d: time.Duration(g.lognormal(4.2, 0.2) * float64(time.Second)), size: 187654321, fresh: true}
		}
		ts := n.podStart(np, at, tr, pulls)
		px := ts.Add(n.ms(900, 2500))
		n.kl(tr, px, 'I', "prober.go:115", "Probe succeeded", "probeType", "Readiness", "pod", np.ref(), "podUID", np.uid, "containerName", "linkerd-proxy")
		n.probeChange(tr, px.Add(n.ms(0.2, 1)), np, "readiness", "ready")
		rdy := ts.Add(n.ms(4000, 9000))
		n.kl(tr, rdy, 'I', "prober.go:115", "Probe succeeded", "probeType", "Readiness", "pod", np.ref(), "podUID", np.uid, "containerName", "catalog")
		n.probeChange(tr, rdy.Add(n.ms(0.2, 1)), np, "readiness", "ready")
		n.patchReady(tr, rdy.Add(n.ms(3, 20)), np, true, "")
		np.ctr("catalog").down = [][2]time.Time{{ts, rdy.Add(time.Millisecond)}}
		n.pods = append(n.pods, np)
		n.kill(old, rdy.Add(n.ms(800, 3000)), tr, 30, func(c *nodeCtr) (time.Duration, int) {
			if c.name == "catalog" {
				return n.ms(1500, 5000), 0 // drains its connections
			}
			return n.ms(80, 500), 0
		})
		at = rdy.Add(n.ms(40000, 110000))
	}
	n.removable = append(n.removable, nodeImage{nodeRegistry + "/shop/catalog:2.13.4", "sha256:" + g.hex(64), 176319245})
}

// dnsUpdate writes node-local-dns' DaemonSet rolled: the old pod deleted (node-cache
// tears down its interface and rules on SIGTERM), the new one started with the new image.
func (n *nodeLog) dnsUpdate() {
	g := n.g
	tr := n.dns.truth()
	old := n.localDNS[0]
	t := n.kill(old, n.dns.start.Add(n.ms(500, 3000)), tr, 30, func(*nodeCtr) (time.Duration, int) { return n.ms(1200, 3000), 0 })
	np := n.newPod("kube-system", "node-local-dns-"+g.alnum(5), "burstable", nodeC("node-cache", "registry.k8s.io/dns/k8s-dns-node-cache:1.23.1", nodeHTTP("Liveness", 8080, "/health", 10)))
	np.hostNet, np.ip = true, "169.254.20.10"
	np.vols = append(np.vols, nodeVol{"config-volume", "kubernetes.io/configmap", false})
	np.tr, np.trUntil = tr, n.dns.start.Add(30*time.Minute)
	n.podStart(np, t.Add(n.ms(1500, 4000)), tr, map[string]nodePull{"node-cache": {d: time.Duration(g.lognormal(3.4, 0.2) * float64(time.Second)), size: 41230776, fresh: true}})
	n.pods = append(n.pods, np)
	n.removable = append(n.removable, nodeImage{"registry.k8s.io/dns/k8s-dns-node-cache:1.22.28", "sha256:" + g.hex(64), 39854211})
}

// aptUpgrade writes apt-daily-upgrade's run: unattended-upgrades installs security
// updates; openssh-server's postinst restarts ssh, tcpdump's reloads its AppArmor profile.
func (n *nodeLog) aptUpgrade() {
	g := n.g
	tr := n.apt.truth()
	t := n.apt.start
	unit := "apt-daily-upgrade.service"
	n.job(tr, t, unit, "starting", "Starting Daily apt upgrade and clean activities...")
	t = t.Add(n.ms(38000, 60000))
	n.sd(tr, t, "6", "src/core/main.c:1989:invoke_main_loop", "", nil, "Reloading.")
	t = t.Add(n.ms(700, 1500))
	n.job(tr, t, "ssh.service", "stopping", "Stopping OpenBSD Secure Shell server...")
	n.syslog(n.sshd, tr, t.Add(n.ms(0.5, 2)), "6", "4", "Received signal 15; terminating.")
	n.deactivated(tr, t.Add(n.ms(4, 9)), "ssh.service")
	n.job(tr, t.Add(n.ms(9, 10)), "ssh.service", "stopped", "Stopped OpenBSD Secure Shell server.")
	n.job(tr, t.Add(n.ms(10, 11)), "ssh.service", "starting", "Starting OpenBSD Secure Shell server...")
	sshd := *n.sshd
	sshd.pid, sshd.invocation, sshd.tail = strconv.Itoa(n.pid(t)), g.hex(32), nil
	n.sshdNew, n.sshRestart = &sshd, t
	n.syslog(n.sshdNew, tr, t.Add(n.ms(30, 45)), "6", "4", "Server listening on 0.0.0.0 port 22.")
	n.syslog(n.sshdNew, tr, t.Add(n.ms(45, 46)), "6", "4", "Server listening on :: port 22.")
	n.job(tr, t.Add(n.ms(46, 48)), "ssh.service", "started", "Started OpenBSD Secure Shell server.")
	t = t.Add(n.ms(9000, 20000))
	n.auditSerial += g.between(20, 200)
	ts := t.Add(-time.Duration(g.between(1, 900)) * time.Microsecond)
	n.kern(tr, t, "5", fmt.Sprintf("audit: type=1400 audit(%d.%03d:%d): apparmor=\"STATUS\" operation=\"profile_replace\" profile=\"unconfined\" name=\"tcpdump\" pid=%d comm=\"apparmor_parser\"",
		ts.Unix(), ts.Nanosecond()/1e6, n.auditSerial, n.pid(t)))
	t = t.Add(n.ms(30000, 60000))
	n.deactivated(tr, t, unit)
	n.job(tr, t.Add(n.ms(0.1, 1)), unit, "started", "Finished Daily apt upgrade and clean activities.")
	n.consumed(tr, t.Add(n.ms(1, 2)), unit, n.ms(41000, 66000))
}

// timers writes sysstat's collection every 10 minutes.
func (n *nodeLog) timers() {
	unit := "sysstat-collect.service"
	for t := n.start.Truncate(10 * time.Minute); t.Before(n.end); t = t.Add(10 * time.Minute) {
		at := t.Add(n.ms(5, 900))
		n.job(routine, at, unit, "starting", "Starting system activity accounting tool...")
		d := at.Add(n.ms(25, 70))
		n.deactivated(routine, d, unit)
		n.job(routine, d.Add(n.ms(0.1, 0.6)), unit, "started", "Finished system activity accounting tool.")
	}
}

// sessions writes an administrator's SSH sessions through the bastion, now and then, and
// a scanner's probes of the SSH port.
func (n *nodeLog) sessions() {
	g := n.g
	id := g.between(1200, 1900)
	for _, at := range []time.Duration{12 * time.Minute, 87 * time.Minute, 166 * time.Minute} {
		n.session(n.start.Add(at+n.ms(0, 240000)), id, time.Duration(g.between(200, 600))*time.Second)
		id++
	}
	g.arrivals(n.start, n.end, func(time.Time) float64 { return 1.0 / 2700 }, func(t time.Time) {
		child := *n.listener(t)
		child.pid, child.cmdline, child.tail = strconv.Itoa(n.pid(t)), "sshd: [accepted]", nil
		n.syslog(&child, routine, t, "6", "4", fmt.Sprintf("Connection closed by 10.0.9.50 port %d [preauth]", g.between(32768, 60999)))
	})
}

// listener is sshd's listening process at t: the upgrade restarts it.
func (n *nodeLog) listener(t time.Time) *nodeProc {
	if n.sshdNew != nil && t.After(n.sshRestart) {
		return n.sshdNew
	}
	return n.sshd
}

func (n *nodeLog) session(t time.Time, id int, d time.Duration) {
	g := n.g
	sshd := *n.listener(t)
	port := g.between(40000, 60999)
	child := sshd
	child.pid, child.cmdline, child.tail = strconv.Itoa(n.pid(t)), "sshd: ubuntu [priv]", nil
	sess := fmt.Sprintf("session-%d.scope", id)
	n.syslog(&child, routine, t, "6", "4", fmt.Sprintf("Accepted publickey for ubuntu from 10.0.0.5 port %d ssh2: ED25519 SHA256:q7VbN2k1yLx0e3Wc8RtJm5sPZ4dHfGu9aQvT6oKiB1E", port))
	n.syslog(&child, routine, t.Add(n.ms(1, 3)), "6", "10", "pam_unix(sshd:session): session opened for user ubuntu(uid=1000) by (uid=0)")
	n.native(n.logind, routine, t.Add(n.ms(3, 6)), "6", "src/login/logind-session.c:753:session_start", []field{{"MESSAGE_ID", "8d45620c1a4348dbb17410da57c60c66"}, {"SESSION_ID", strconv.Itoa(id)}, {"USER_ID", "ubuntu"}, {"LEADER", child.pid}}, fmt.Sprintf("New session %d of user ubuntu.", id))
	u := t.Add(n.ms(6, 10))
	n.job(routine, u, "user-1000.slice", "started", "Created slice User Slice of UID 1000.")
	n.job(routine, u.Add(n.ms(0.5, 1)), "user-runtime-dir@1000.service", "starting", "Starting User Runtime Directory /run/user/1000...")
	n.job(routine, u.Add(n.ms(8, 14)), "user-runtime-dir@1000.service", "started", "Finished User Runtime Directory /run/user/1000.")
	n.job(routine, u.Add(n.ms(15, 18)), "user@1000.service", "starting", "Starting User Manager for UID 1000...")
	n.job(routine, u.Add(n.ms(120, 190)), "user@1000.service", "started", "Started User Manager for UID 1000.")
	n.job(routine, u.Add(n.ms(191, 200)), sess, "started", fmt.Sprintf("Started Session %d of User ubuntu.", id))
	// sudo, a few times
	sudo := &nodeProc{ident: "sudo", uid: "1000", gid: "1000", comm: "sudo", exe: "/usr/bin/sudo", caps: "1ffffffffff", cgroup: "/user.slice/user-1000.slice/" + sess, unit: sess, slice: "user-1000.slice", facility: "10"}
	cmds := []string{"/usr/bin/crictl ps", "/usr/bin/journalctl -u kubelet --since -1h", "/usr/bin/systemctl status kubelet", "/usr/bin/df -h /var/lib/containerd", "/usr/bin/crictl stats", "/usr/bin/dmesg -T"}
	s := u.Add(n.ms(20000, 60000))
	for k := 0; k < 2+g.intn(3) && s.Before(t.Add(d)); k++ {
		cmd := pick(g, cmds)
		sudo.pid, sudo.cmdline, sudo.tail = strconv.Itoa(n.pid(s)), "sudo "+cmd, nil
		n.syslog(sudo, routine, s, "5", "10", "   ubuntu : TTY=pts/0 ; PWD=/home/ubuntu ; USER=root ; COMMAND="+cmd)
		n.syslog(sudo, routine, s.Add(n.ms(1, 3)), "6", "10", "pam_unix(sudo:session): session opened for user root(uid=0) by ubuntu(uid=1000)")
		n.syslog(sudo, routine, s.Add(n.ms(200, 4000)), "6", "10", "pam_unix(sudo:session): session closed for user root")
		s = s.Add(n.ms(30000, 150000))
	}
	e := t.Add(d)
	n.syslog(&child, routine, e, "6", "4", fmt.Sprintf("Received disconnect from 10.0.0.5 port %d:11: disconnected by user", port))
	n.syslog(&child, routine, e.Add(n.ms(0.1, 0.5)), "6", "4", fmt.Sprintf("Disconnected from user ubuntu 10.0.0.5 port %d", port))
	n.syslog(&child, routine, e.Add(n.ms(1, 3)), "6", "10", "pam_unix(sshd:session): session closed for user ubuntu")
	n.deactivated(routine, e.Add(n.ms(3, 6)), sess)
	n.native(n.logind, routine, e.Add(n.ms(6, 9)), "6", "src/login/logind-session.c:847:session_stop", []field{{"SESSION_ID", strconv.Itoa(id)}}, fmt.Sprintf("Session %d logged out. Waiting for processes to exit.", id))
	n.native(n.logind, routine, e.Add(n.ms(9, 12)), "6", "src/login/logind-session.c:929:session_finalize", []field{{"MESSAGE_ID", "3354939424b4456d9802ca8333ed424a"}, {"SESSION_ID", strconv.Itoa(id)}}, fmt.Sprintf("Removed session %d.", id))
	x := e.Add(10*time.Second + n.ms(5, 40)) // UserStopDelaySec
	n.job(routine, x, "user@1000.service", "stopping", "Stopping User Manager for UID 1000...")
	n.deactivated(routine, x.Add(n.ms(40, 80)), "user@1000.service")
	n.job(routine, x.Add(n.ms(80, 81)), "user@1000.service", "stopped", "Stopped User Manager for UID 1000.")
	n.job(routine, x.Add(n.ms(81, 82)), "user-runtime-dir@1000.service", "stopping", "Stopping User Runtime Directory /run/user/1000...")
	n.deactivated(routine, x.Add(n.ms(85, 90)), "run-user-1000.mount")
	n.deactivated(routine, x.Add(n.ms(90, 95)), "user-runtime-dir@1000.service")
	n.job(routine, x.Add(n.ms(95, 96)), "user-runtime-dir@1000.service", "stopped", "Stopped User Runtime Directory /run/user/1000.")
	n.job(routine, x.Add(n.ms(97, 99)), "user-1000.slice", "stopped", "Removed slice User Slice of UID 1000.")
}

// noise writes the node's rarer routine lines: chrony changing its source, the kernel's
// interrupt timing notes, the kubelet's housekeeping now and then slow.
func (n *nodeLog) noise() {
	g := n.g
	src := []string{"10.0.0.3 (ntp2.dc1.internal)", "10.0.0.2 (ntp1.dc1.internal)"}
	for i, at := range []time.Duration{time.Duration(g.between(10, 80)) * time.Minute, time.Duration(g.between(100, 175)) * time.Minute} {
		n.syslog(n.chronyd, routine, n.start.Add(at+n.ms(0, 60000)), "6", "3", "Selected source "+src[i])
	}
	n.kern(routine, n.start.Add(time.Duration(g.between(5, 175))*time.Minute+n.ms(0, 60000)), "4", fmt.Sprintf("hrtimer: interrupt took %d ns", g.between(30000, 90000)))
	n.kern(routine, n.start.Add(time.Duration(g.between(5, 175))*time.Minute+n.ms(0, 60000)), "6",
		fmt.Sprintf("perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate to %d", g.between(2510, 3200), 2500, g.between(62, 79)*1000))
	for k := g.between(2, 4); k > 0; k-- {
		t := n.start.Add(time.Duration(g.between(1, 179))*time.Minute + n.ms(0, 60000))
		if n.hung(t) {
			continue
		}
		n.kl(routine, t, 'E', "kubelet.go:2551", "Housekeeping took longer than expected", "err", "housekeeping took too long", "expected", "1s", "actual", fmt.Sprintf("%.3fs", 1+g.rng.Float64()*0.4))
	}
}

#compdef linnet

autoload -U is-at-least

_linnet_static() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'-a+[containerd address (a unix socket; \`unix\://\` is accepted). Default\: linnet'\''s managed containerd]:ADDRESS:_default' \
'--address=[containerd address (a unix socket; \`unix\://\` is accepted). Default\: linnet'\''s managed containerd]:ADDRESS:_default' \
'-n+[containerd namespace]:NAMESPACE:_default' \
'--namespace=[containerd namespace]:NAMESPACE:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_linnet_commands" \
"*::: :->linnet" \
&& ret=0
    case $state in
    (linnet)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-command-$line[1]:"
        case $line[1] in
            (run)
_arguments "${_arguments_options[@]}" : \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--sig-proxy=[Proxy received signals to the process]::BOOL:(true false)' \
'--name=[Assign a name to the container]:NAME:_default' \
'*-e+[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env=[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env-file=[Read environment variables from a file]:FILE:_files' \
'-w+[Working directory inside the container]:WORKDIR:_default' \
'--workdir=[Working directory inside the container]:WORKDIR:_default' \
'-u+[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--user=[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--entrypoint=[Overwrite the default ENTRYPOINT of the image]:ENTRYPOINT:_default' \
'-h+[Container host name]:HOSTNAME:_default' \
'--hostname=[Container host name]:HOSTNAME:_default' \
'*-v+[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--volume=[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--mount=[Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...\[,readonly\])]:SPEC:_default' \
'*--tmpfs=[Mount a tmpfs directory (PATH\[\:OPTS\], e.g. /run\:rw,size=64m)]:PATH[:OPTS]:_default' \
'--network=[Connect a container to a network\: bridge, host, none, NAME or container\:NAME]:NETWORK:_default' \
'--ip=[IPv4 address on a user network with a subnet of its own]:IP:_default' \
'*--network-alias=[Add a network-scoped alias for the container]:ALIAS:_default' \
'*-p+[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--publish=[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--expose=[Expose a port or a range of ports]:PORT[/PROTO]:_default' \
'*--add-host=[Add a custom host-to-IP mapping (host\:ip, ip may be host-gateway)]:HOST:IP:_default' \
'*--dns=[Set custom DNS servers]:IP:_default' \
'*--dns-search=[Set custom DNS search domains]:DOMAIN:_default' \
'*--dns-option=[Set DNS options]:OPT:_default' \
'*--security-opt=[Security options\: seccomp=unconfined|PROFILE.json, no-new-privileges\[=true|false\], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups\[=true|false\]]:OPT:_default' \
'-m+[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory=[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory-swap=[Swap limit equal to memory plus swap\: '\''-1'\'' to enable unlimited swap]:BYTES:_default' \
'--memory-reservation=[Memory soft limit]:BYTES:_default' \
'--cpus=[Number of CPUs]:DECIMAL:_default' \
'-c+[CPU shares (relative weight)]:INT:_default' \
'--cpu-shares=[CPU shares (relative weight)]:INT:_default' \
'--cpu-quota=[Limit CPU CFS (Completely Fair Scheduler) quota]:INT:_default' \
'--cpu-period=[Limit CPU CFS (Completely Fair Scheduler) period]:INT:_default' \
'--cpuset-cpus=[CPUs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--cpuset-mems=[MEMs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--pids-limit=[Tune container pids limit (set -1 for unlimited)]:INT:_default' \
'*--ulimit=[Ulimit options (NAME=SOFT\[\:HARD\])]:ULIMIT:_default' \
'--shm-size=[Size of /dev/shm]:BYTES:_default' \
'*--device=[Add a host device to the container (HOST\[\:CONTAINER\]\[\:PERMS\])]:DEVICE:_default' \
'*--group-add=[Add additional groups to join]:GROUP:_default' \
'--memory-swappiness=[Tune container memory swappiness (0 to 100, -1 for the default)]:INT:_default' \
'--oom-score-adj=[Tune host'\''s OOM preferences (-1000 to 1000)]:INT:_default' \
'*--device-cgroup-rule=[Add a rule to the cgroup allowed devices list ('\''c 1\:3 rwm'\'', '\''*'\'' for any number)]:RULE:_default' \
'*--cap-add=[Add Linux capabilities]:CAP:_default' \
'*--cap-drop=[Drop Linux capabilities]:CAP:_default' \
'--restart=[Restart policy to apply when a container exits\: no, always, on-failure\[\:N\], unless-stopped]:POLICY:_default' \
'--stop-signal=[Signal to stop the container (name or number; default\: the image'\''s, else SIGTERM)]:SIGNAL:_default' \
'--stop-timeout=[Timeout (in seconds) to stop a container (default 10; -1 waits forever)]:SECONDS:_default' \
'--health-cmd=[Command to run to check health]:CMD:_default' \
'--health-interval=[Time between running the check (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-timeout=[Maximum time to allow one check to run (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-retries=[Consecutive failures needed to report unhealthy (default 3)]:N:_default' \
'--health-start-period=[Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)]:DURATION:_default' \
'--pull=[Pull the image before creating\: missing, always or never]:POLICY:_default' \
'--platform=[Platform of the image (os/arch\[/variant\])]:PLATFORM:_default' \
'*-l+[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'*--label=[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--help[Print help (\`-h\` is \`--hostname\`, as in Docker)]' \
'-d[Run the container in the background and print its ID]' \
'--detach[Run the container in the background and print its ID]' \
'--rm[Remove the container when it exits]' \
'-i[Keep STDIN open]' \
'--interactive[Keep STDIN open]' \
'-t[Allocate a pseudo-TTY]' \
'--tty[Allocate a pseudo-TTY]' \
'--read-only[Mount the container'\''s root filesystem as read only]' \
'-P[Publish all exposed ports to random host ports]' \
'--publish-all[Publish all exposed ports to random host ports]' \
'--oom-kill-disable[Disable OOM Killer]' \
'--privileged[Give extended privileges to this container]' \
'--init[Run an init inside the container that forwards signals and reaps processes]' \
'--no-healthcheck[Disable any container-specified HEALTHCHECK]' \
'-q[Suppress the pull output]' \
'--quiet[Suppress the pull output]' \
'--debug[Print debug logs on stderr]' \
'*::args -- Image to run, then the command and its arguments. Everything after the image belongs to the command, as in Docker (`run IMAGE ls -l`):_default' \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
'--name=[Assign a name to the container]:NAME:_default' \
'*-e+[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env=[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env-file=[Read environment variables from a file]:FILE:_files' \
'-w+[Working directory inside the container]:WORKDIR:_default' \
'--workdir=[Working directory inside the container]:WORKDIR:_default' \
'-u+[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--user=[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--entrypoint=[Overwrite the default ENTRYPOINT of the image]:ENTRYPOINT:_default' \
'-h+[Container host name]:HOSTNAME:_default' \
'--hostname=[Container host name]:HOSTNAME:_default' \
'*-v+[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--volume=[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--mount=[Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...\[,readonly\])]:SPEC:_default' \
'*--tmpfs=[Mount a tmpfs directory (PATH\[\:OPTS\], e.g. /run\:rw,size=64m)]:PATH[:OPTS]:_default' \
'--network=[Connect a container to a network\: bridge, host, none, NAME or container\:NAME]:NETWORK:_default' \
'--ip=[IPv4 address on a user network with a subnet of its own]:IP:_default' \
'*--network-alias=[Add a network-scoped alias for the container]:ALIAS:_default' \
'*-p+[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--publish=[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--expose=[Expose a port or a range of ports]:PORT[/PROTO]:_default' \
'*--add-host=[Add a custom host-to-IP mapping (host\:ip, ip may be host-gateway)]:HOST:IP:_default' \
'*--dns=[Set custom DNS servers]:IP:_default' \
'*--dns-search=[Set custom DNS search domains]:DOMAIN:_default' \
'*--dns-option=[Set DNS options]:OPT:_default' \
'*--security-opt=[Security options\: seccomp=unconfined|PROFILE.json, no-new-privileges\[=true|false\], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups\[=true|false\]]:OPT:_default' \
'-m+[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory=[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory-swap=[Swap limit equal to memory plus swap\: '\''-1'\'' to enable unlimited swap]:BYTES:_default' \
'--memory-reservation=[Memory soft limit]:BYTES:_default' \
'--cpus=[Number of CPUs]:DECIMAL:_default' \
'-c+[CPU shares (relative weight)]:INT:_default' \
'--cpu-shares=[CPU shares (relative weight)]:INT:_default' \
'--cpu-quota=[Limit CPU CFS (Completely Fair Scheduler) quota]:INT:_default' \
'--cpu-period=[Limit CPU CFS (Completely Fair Scheduler) period]:INT:_default' \
'--cpuset-cpus=[CPUs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--cpuset-mems=[MEMs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--pids-limit=[Tune container pids limit (set -1 for unlimited)]:INT:_default' \
'*--ulimit=[Ulimit options (NAME=SOFT\[\:HARD\])]:ULIMIT:_default' \
'--shm-size=[Size of /dev/shm]:BYTES:_default' \
'*--device=[Add a host device to the container (HOST\[\:CONTAINER\]\[\:PERMS\])]:DEVICE:_default' \
'*--group-add=[Add additional groups to join]:GROUP:_default' \
'--memory-swappiness=[Tune container memory swappiness (0 to 100, -1 for the default)]:INT:_default' \
'--oom-score-adj=[Tune host'\''s OOM preferences (-1000 to 1000)]:INT:_default' \
'*--device-cgroup-rule=[Add a rule to the cgroup allowed devices list ('\''c 1\:3 rwm'\'', '\''*'\'' for any number)]:RULE:_default' \
'*--cap-add=[Add Linux capabilities]:CAP:_default' \
'*--cap-drop=[Drop Linux capabilities]:CAP:_default' \
'--restart=[Restart policy to apply when a container exits\: no, always, on-failure\[\:N\], unless-stopped]:POLICY:_default' \
'--stop-signal=[Signal to stop the container (name or number; default\: the image'\''s, else SIGTERM)]:SIGNAL:_default' \
'--stop-timeout=[Timeout (in seconds) to stop a container (default 10; -1 waits forever)]:SECONDS:_default' \
'--health-cmd=[Command to run to check health]:CMD:_default' \
'--health-interval=[Time between running the check (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-timeout=[Maximum time to allow one check to run (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-retries=[Consecutive failures needed to report unhealthy (default 3)]:N:_default' \
'--health-start-period=[Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)]:DURATION:_default' \
'--pull=[Pull the image before creating\: missing, always or never]:POLICY:_default' \
'--platform=[Platform of the image (os/arch\[/variant\])]:PLATFORM:_default' \
'*-l+[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'*--label=[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--help[Print help (\`-h\` is \`--hostname\`, as in Docker)]' \
'-i[Keep STDIN open]' \
'--interactive[Keep STDIN open]' \
'-t[Allocate a pseudo-TTY]' \
'--tty[Allocate a pseudo-TTY]' \
'--read-only[Mount the container'\''s root filesystem as read only]' \
'-P[Publish all exposed ports to random host ports]' \
'--publish-all[Publish all exposed ports to random host ports]' \
'--oom-kill-disable[Disable OOM Killer]' \
'--privileged[Give extended privileges to this container]' \
'--init[Run an init inside the container that forwards signals and reaps processes]' \
'--no-healthcheck[Disable any container-specified HEALTHCHECK]' \
'-q[Suppress the pull output]' \
'--quiet[Suppress the pull output]' \
'--debug[Print debug logs on stderr]' \
'*::args -- Image to run, then the command and its arguments. Everything after the image belongs to the command, as in Docker (`run IMAGE ls -l`):_default' \
&& ret=0
;;
(start)
_arguments "${_arguments_options[@]}" : \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Attach STDOUT/STDERR and forward signals]' \
'--attach[Attach STDOUT/STDERR and forward signals]' \
'-i[Attach the container'\''s STDIN]' \
'--interactive[Attach the container'\''s STDIN]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(stop)
_arguments "${_arguments_options[@]}" : \
'-t+[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'--time=[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'-s+[Signal to send instead of the image'\''s stop signal]:SIGNAL:_default' \
'--signal=[Signal to send instead of the image'\''s stop signal]:SIGNAL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(restart)
_arguments "${_arguments_options[@]}" : \
'-t+[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'--time=[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'-s+[Signal to send instead of the container'\''s stop signal]:SIGNAL:_default' \
'--signal=[Signal to send instead of the container'\''s stop signal]:SIGNAL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(kill)
_arguments "${_arguments_options[@]}" : \
'-s+[Signal to send (name or number)]:SIGNAL:_default' \
'--signal=[Signal to send (name or number)]:SIGNAL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(rm)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Force the removal of a running container (uses SIGKILL)]' \
'--force[Force the removal of a running container (uses SIGKILL)]' \
'-v[Remove anonymous volumes associated with the container]' \
'--volumes[Remove anonymous volumes associated with the container]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(ps)
_arguments "${_arguments_options[@]}" : \
'-n+[Show the n last created containers (includes all states)]:LAST:_default' \
'--last=[Show the n last created containers (includes all states)]:LAST:_default' \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.ID}}'\'']:FORMAT:_default' \
'*-f+[Filter output based on conditions provided (id, name, label, status, exited, ancestor, before, since, volume, network, health, publish, expose, isolation, is-task)]:FILTER:_default' \
'*--filter=[Filter output based on conditions provided (id, name, label, status, exited, ancestor, before, since, volume, network, health, publish, expose, isolation, is-task)]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Show all containers (default shows just running)]' \
'--all[Show all containers (default shows just running)]' \
'-q[Only display container IDs]' \
'--quiet[Only display container IDs]' \
'--no-trunc[Don'\''t truncate output]' \
'-l[Show only the latest created container]' \
'--latest[Show only the latest created container]' \
'-s[Display total file sizes]' \
'--size[Display total file sizes]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(logs)
_arguments "${_arguments_options[@]}" : \
'-n+[Number of lines to show from the end of the logs ("all" for every line)]:TAIL:_default' \
'--tail=[Number of lines to show from the end of the logs ("all" for every line)]:TAIL:_default' \
'--since=[Show logs since timestamp (e.g. 2013-01-02T13\:23\:37Z) or relative (e.g. 42m for 42 minutes)]:SINCE:_default' \
'--until=[Show logs before a timestamp (e.g. 2013-01-02T13\:23\:37Z) or relative (e.g. 42m for 42 minutes)]:UNTIL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Follow log output]' \
'--follow[Follow log output]' \
'-t[Show timestamps]' \
'--timestamps[Show timestamps]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(exec)
_arguments "${_arguments_options[@]}" : \
'*-e+[Set environment variables]:KEY=VALUE:_default' \
'*--env=[Set environment variables]:KEY=VALUE:_default' \
'*--env-file=[Read in a file of environment variables]:FILE:_files' \
'-w+[Working directory inside the container]:WORKDIR:_default' \
'--workdir=[Working directory inside the container]:WORKDIR:_default' \
'-u+[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--user=[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-i[Keep STDIN open]' \
'--interactive[Keep STDIN open]' \
'-t[Allocate a pseudo-TTY]' \
'--tty[Allocate a pseudo-TTY]' \
'-d[Detached mode\: run the command in the background]' \
'--detach[Detached mode\: run the command in the background]' \
'--privileged[Give extended privileges to the command]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
'*::command -- Command and arguments:_default' \
&& ret=0
;;
(attach)
_arguments "${_arguments_options[@]}" : \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--sig-proxy=[Proxy all received signals to the process]::BOOL:(true false)' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--no-stdin[Do not attach STDIN]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(wait)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(inspect)
_arguments "${_arguments_options[@]}" : \
'--type=[Only inspect objects of this type\: container, image or volume]:KIND:_default' \
'-f+[Format the output using a Go-style template such as '\''{{.State.Status}}'\'']:FORMAT:_default' \
'--format=[Format the output using a Go-style template such as '\''{{.State.Status}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::objects -- Containers, images or volumes:_default' \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
'-m+[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory=[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory-swap=[Swap limit equal to memory plus swap\: '\''-1'\'' to enable unlimited swap]:BYTES:_default' \
'--memory-reservation=[Memory soft limit]:BYTES:_default' \
'--cpus=[Number of CPUs]:DECIMAL:_default' \
'-c+[CPU shares (relative weight)]:INT:_default' \
'--cpu-shares=[CPU shares (relative weight)]:INT:_default' \
'--cpu-quota=[Limit CPU CFS (Completely Fair Scheduler) quota]:INT:_default' \
'--cpu-period=[Limit CPU CFS (Completely Fair Scheduler) period]:INT:_default' \
'--cpuset-cpus=[CPUs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--cpuset-mems=[MEMs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--pids-limit=[Tune container pids limit (set -1 for unlimited)]:INT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(port)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
'::port -- Only this container port\: PORT\[/PROTO\]:_default' \
&& ret=0
;;
(cp)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Archive mode (copy all uid/gid information)]' \
'--archive[Archive mode (copy all uid/gid information)]' \
'-L[Always follow symbol link in SRC_PATH]' \
'--follow-link[Always follow symbol link in SRC_PATH]' \
'-q[Suppress progress output during copy (linnet prints none)]' \
'--quiet[Suppress progress output during copy (linnet prints none)]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':src -- CONTAINER\:SRC_PATH, SRC_PATH or - (a tar archive on stdin):_default' \
':dest -- CONTAINER\:DEST_PATH, DEST_PATH or - (a tar archive on stdout):_default' \
&& ret=0
;;
(pause)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(unpause)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(rename)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- The container (name or ID):_default' \
':new_name -- Its new name:_default' \
&& ret=0
;;
(top)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- The container (name or ID):_default' \
'*::ps_options -- Options for ps (default -ef):_default' \
&& ret=0
;;
(stats)
_arguments "${_arguments_options[@]}" : \
'--format=[Format output\: table, json, or a Go template such as '\''table {{.Name}}\\t{{.CPUPerc}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Show all containers (default shows just running)]' \
'--all[Show all containers (default shows just running)]' \
'--no-stream[Disable streaming stats and only pull the first result]' \
'--no-trunc[Do not truncate output]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs); default\: all running ones:_default' \
&& ret=0
;;
(events)
_arguments "${_arguments_options[@]}" : \
'--since=[Show all events created since timestamp]:SINCE:_default' \
'--until=[Stream events until this timestamp]:UNTIL:_default' \
'*-f+[Filter output based on conditions provided (type, event, container, image, label)]:FILTER:_default' \
'*--filter=[Filter output based on conditions provided (type, event, container, image, label)]:FILTER:_default' \
'--format=[Format the output using the given Go template ('\''json'\'' for one JSON object per line)]:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'-o+[Write to a file, instead of STDOUT]:OUTPUT:_files' \
'--output=[Write to a file, instead of STDOUT]:OUTPUT:_files' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(commit)
_arguments "${_arguments_options[@]}" : \
'-a+[Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")]:AUTHOR:_default' \
'--author=[Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")]:AUTHOR:_default' \
'*-c+[Apply Dockerfile instruction to the created image]:INSTRUCTION:_default' \
'*--change=[Apply Dockerfile instruction to the created image]:INSTRUCTION:_default' \
'-m+[Commit message]:MESSAGE:_default' \
'--message=[Commit message]:MESSAGE:_default' \
'-p+[Pause container during commit]::PAUSE:(true false)' \
'--pause=[Pause container during commit]::PAUSE:(true false)' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
'::reference -- Name of the new image\: REPOSITORY\[\:TAG\]:_default' \
&& ret=0
;;
(container)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__container_commands" \
"*::: :->container" \
&& ret=0

    case $state in
    (container)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-container-command-$line[1]:"
        case $line[1] in
            (run)
_arguments "${_arguments_options[@]}" : \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--sig-proxy=[Proxy received signals to the process]::BOOL:(true false)' \
'--name=[Assign a name to the container]:NAME:_default' \
'*-e+[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env=[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env-file=[Read environment variables from a file]:FILE:_files' \
'-w+[Working directory inside the container]:WORKDIR:_default' \
'--workdir=[Working directory inside the container]:WORKDIR:_default' \
'-u+[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--user=[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--entrypoint=[Overwrite the default ENTRYPOINT of the image]:ENTRYPOINT:_default' \
'-h+[Container host name]:HOSTNAME:_default' \
'--hostname=[Container host name]:HOSTNAME:_default' \
'*-v+[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--volume=[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--mount=[Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...\[,readonly\])]:SPEC:_default' \
'*--tmpfs=[Mount a tmpfs directory (PATH\[\:OPTS\], e.g. /run\:rw,size=64m)]:PATH[:OPTS]:_default' \
'--network=[Connect a container to a network\: bridge, host, none, NAME or container\:NAME]:NETWORK:_default' \
'--ip=[IPv4 address on a user network with a subnet of its own]:IP:_default' \
'*--network-alias=[Add a network-scoped alias for the container]:ALIAS:_default' \
'*-p+[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--publish=[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--expose=[Expose a port or a range of ports]:PORT[/PROTO]:_default' \
'*--add-host=[Add a custom host-to-IP mapping (host\:ip, ip may be host-gateway)]:HOST:IP:_default' \
'*--dns=[Set custom DNS servers]:IP:_default' \
'*--dns-search=[Set custom DNS search domains]:DOMAIN:_default' \
'*--dns-option=[Set DNS options]:OPT:_default' \
'*--security-opt=[Security options\: seccomp=unconfined|PROFILE.json, no-new-privileges\[=true|false\], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups\[=true|false\]]:OPT:_default' \
'-m+[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory=[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory-swap=[Swap limit equal to memory plus swap\: '\''-1'\'' to enable unlimited swap]:BYTES:_default' \
'--memory-reservation=[Memory soft limit]:BYTES:_default' \
'--cpus=[Number of CPUs]:DECIMAL:_default' \
'-c+[CPU shares (relative weight)]:INT:_default' \
'--cpu-shares=[CPU shares (relative weight)]:INT:_default' \
'--cpu-quota=[Limit CPU CFS (Completely Fair Scheduler) quota]:INT:_default' \
'--cpu-period=[Limit CPU CFS (Completely Fair Scheduler) period]:INT:_default' \
'--cpuset-cpus=[CPUs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--cpuset-mems=[MEMs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--pids-limit=[Tune container pids limit (set -1 for unlimited)]:INT:_default' \
'*--ulimit=[Ulimit options (NAME=SOFT\[\:HARD\])]:ULIMIT:_default' \
'--shm-size=[Size of /dev/shm]:BYTES:_default' \
'*--device=[Add a host device to the container (HOST\[\:CONTAINER\]\[\:PERMS\])]:DEVICE:_default' \
'*--group-add=[Add additional groups to join]:GROUP:_default' \
'--memory-swappiness=[Tune container memory swappiness (0 to 100, -1 for the default)]:INT:_default' \
'--oom-score-adj=[Tune host'\''s OOM preferences (-1000 to 1000)]:INT:_default' \
'*--device-cgroup-rule=[Add a rule to the cgroup allowed devices list ('\''c 1\:3 rwm'\'', '\''*'\'' for any number)]:RULE:_default' \
'*--cap-add=[Add Linux capabilities]:CAP:_default' \
'*--cap-drop=[Drop Linux capabilities]:CAP:_default' \
'--restart=[Restart policy to apply when a container exits\: no, always, on-failure\[\:N\], unless-stopped]:POLICY:_default' \
'--stop-signal=[Signal to stop the container (name or number; default\: the image'\''s, else SIGTERM)]:SIGNAL:_default' \
'--stop-timeout=[Timeout (in seconds) to stop a container (default 10; -1 waits forever)]:SECONDS:_default' \
'--health-cmd=[Command to run to check health]:CMD:_default' \
'--health-interval=[Time between running the check (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-timeout=[Maximum time to allow one check to run (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-retries=[Consecutive failures needed to report unhealthy (default 3)]:N:_default' \
'--health-start-period=[Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)]:DURATION:_default' \
'--pull=[Pull the image before creating\: missing, always or never]:POLICY:_default' \
'--platform=[Platform of the image (os/arch\[/variant\])]:PLATFORM:_default' \
'*-l+[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'*--label=[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--help[Print help (\`-h\` is \`--hostname\`, as in Docker)]' \
'-d[Run the container in the background and print its ID]' \
'--detach[Run the container in the background and print its ID]' \
'--rm[Remove the container when it exits]' \
'-i[Keep STDIN open]' \
'--interactive[Keep STDIN open]' \
'-t[Allocate a pseudo-TTY]' \
'--tty[Allocate a pseudo-TTY]' \
'--read-only[Mount the container'\''s root filesystem as read only]' \
'-P[Publish all exposed ports to random host ports]' \
'--publish-all[Publish all exposed ports to random host ports]' \
'--oom-kill-disable[Disable OOM Killer]' \
'--privileged[Give extended privileges to this container]' \
'--init[Run an init inside the container that forwards signals and reaps processes]' \
'--no-healthcheck[Disable any container-specified HEALTHCHECK]' \
'-q[Suppress the pull output]' \
'--quiet[Suppress the pull output]' \
'--debug[Print debug logs on stderr]' \
'*::args -- Image to run, then the command and its arguments. Everything after the image belongs to the command, as in Docker (`run IMAGE ls -l`):_default' \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
'--name=[Assign a name to the container]:NAME:_default' \
'*-e+[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env=[Set environment variables (KEY=VALUE, or KEY to copy it from this environment)]:KEY=VALUE:_default' \
'*--env-file=[Read environment variables from a file]:FILE:_files' \
'-w+[Working directory inside the container]:WORKDIR:_default' \
'--workdir=[Working directory inside the container]:WORKDIR:_default' \
'-u+[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--user=[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--entrypoint=[Overwrite the default ENTRYPOINT of the image]:ENTRYPOINT:_default' \
'-h+[Container host name]:HOSTNAME:_default' \
'--hostname=[Container host name]:HOSTNAME:_default' \
'*-v+[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--volume=[Bind mount a host path or a volume (SRC\:DST\[\:OPTS\]), or make an anonymous volume (DST)]:SRC:DST[:OPTS]:_default' \
'*--mount=[Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...\[,readonly\])]:SPEC:_default' \
'*--tmpfs=[Mount a tmpfs directory (PATH\[\:OPTS\], e.g. /run\:rw,size=64m)]:PATH[:OPTS]:_default' \
'--network=[Connect a container to a network\: bridge, host, none, NAME or container\:NAME]:NETWORK:_default' \
'--ip=[IPv4 address on a user network with a subnet of its own]:IP:_default' \
'*--network-alias=[Add a network-scoped alias for the container]:ALIAS:_default' \
'*-p+[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--publish=[Publish a container'\''s port(s) to the host (\[IP\:\]\[HOST_PORT\:\]CONTAINER_PORT\[/PROTO\])]:PORTS:_default' \
'*--expose=[Expose a port or a range of ports]:PORT[/PROTO]:_default' \
'*--add-host=[Add a custom host-to-IP mapping (host\:ip, ip may be host-gateway)]:HOST:IP:_default' \
'*--dns=[Set custom DNS servers]:IP:_default' \
'*--dns-search=[Set custom DNS search domains]:DOMAIN:_default' \
'*--dns-option=[Set DNS options]:OPT:_default' \
'*--security-opt=[Security options\: seccomp=unconfined|PROFILE.json, no-new-privileges\[=true|false\], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups\[=true|false\]]:OPT:_default' \
'-m+[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory=[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory-swap=[Swap limit equal to memory plus swap\: '\''-1'\'' to enable unlimited swap]:BYTES:_default' \
'--memory-reservation=[Memory soft limit]:BYTES:_default' \
'--cpus=[Number of CPUs]:DECIMAL:_default' \
'-c+[CPU shares (relative weight)]:INT:_default' \
'--cpu-shares=[CPU shares (relative weight)]:INT:_default' \
'--cpu-quota=[Limit CPU CFS (Completely Fair Scheduler) quota]:INT:_default' \
'--cpu-period=[Limit CPU CFS (Completely Fair Scheduler) period]:INT:_default' \
'--cpuset-cpus=[CPUs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--cpuset-mems=[MEMs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--pids-limit=[Tune container pids limit (set -1 for unlimited)]:INT:_default' \
'*--ulimit=[Ulimit options (NAME=SOFT\[\:HARD\])]:ULIMIT:_default' \
'--shm-size=[Size of /dev/shm]:BYTES:_default' \
'*--device=[Add a host device to the container (HOST\[\:CONTAINER\]\[\:PERMS\])]:DEVICE:_default' \
'*--group-add=[Add additional groups to join]:GROUP:_default' \
'--memory-swappiness=[Tune container memory swappiness (0 to 100, -1 for the default)]:INT:_default' \
'--oom-score-adj=[Tune host'\''s OOM preferences (-1000 to 1000)]:INT:_default' \
'*--device-cgroup-rule=[Add a rule to the cgroup allowed devices list ('\''c 1\:3 rwm'\'', '\''*'\'' for any number)]:RULE:_default' \
'*--cap-add=[Add Linux capabilities]:CAP:_default' \
'*--cap-drop=[Drop Linux capabilities]:CAP:_default' \
'--restart=[Restart policy to apply when a container exits\: no, always, on-failure\[\:N\], unless-stopped]:POLICY:_default' \
'--stop-signal=[Signal to stop the container (name or number; default\: the image'\''s, else SIGTERM)]:SIGNAL:_default' \
'--stop-timeout=[Timeout (in seconds) to stop a container (default 10; -1 waits forever)]:SECONDS:_default' \
'--health-cmd=[Command to run to check health]:CMD:_default' \
'--health-interval=[Time between running the check (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-timeout=[Maximum time to allow one check to run (ms|s|m|h) (default 30s)]:DURATION:_default' \
'--health-retries=[Consecutive failures needed to report unhealthy (default 3)]:N:_default' \
'--health-start-period=[Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)]:DURATION:_default' \
'--pull=[Pull the image before creating\: missing, always or never]:POLICY:_default' \
'--platform=[Platform of the image (os/arch\[/variant\])]:PLATFORM:_default' \
'*-l+[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'*--label=[Set metadata on the container (KEY=VALUE)]:KEY=VALUE:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--help[Print help (\`-h\` is \`--hostname\`, as in Docker)]' \
'-i[Keep STDIN open]' \
'--interactive[Keep STDIN open]' \
'-t[Allocate a pseudo-TTY]' \
'--tty[Allocate a pseudo-TTY]' \
'--read-only[Mount the container'\''s root filesystem as read only]' \
'-P[Publish all exposed ports to random host ports]' \
'--publish-all[Publish all exposed ports to random host ports]' \
'--oom-kill-disable[Disable OOM Killer]' \
'--privileged[Give extended privileges to this container]' \
'--init[Run an init inside the container that forwards signals and reaps processes]' \
'--no-healthcheck[Disable any container-specified HEALTHCHECK]' \
'-q[Suppress the pull output]' \
'--quiet[Suppress the pull output]' \
'--debug[Print debug logs on stderr]' \
'*::args -- Image to run, then the command and its arguments. Everything after the image belongs to the command, as in Docker (`run IMAGE ls -l`):_default' \
&& ret=0
;;
(start)
_arguments "${_arguments_options[@]}" : \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Attach STDOUT/STDERR and forward signals]' \
'--attach[Attach STDOUT/STDERR and forward signals]' \
'-i[Attach the container'\''s STDIN]' \
'--interactive[Attach the container'\''s STDIN]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(stop)
_arguments "${_arguments_options[@]}" : \
'-t+[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'--time=[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'-s+[Signal to send instead of the image'\''s stop signal]:SIGNAL:_default' \
'--signal=[Signal to send instead of the image'\''s stop signal]:SIGNAL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(restart)
_arguments "${_arguments_options[@]}" : \
'-t+[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'--time=[Seconds to wait before killing the container (default\: its --stop-timeout, else 10)]:TIME:_default' \
'-s+[Signal to send instead of the container'\''s stop signal]:SIGNAL:_default' \
'--signal=[Signal to send instead of the container'\''s stop signal]:SIGNAL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(kill)
_arguments "${_arguments_options[@]}" : \
'-s+[Signal to send (name or number)]:SIGNAL:_default' \
'--signal=[Signal to send (name or number)]:SIGNAL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(rm)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Force the removal of a running container (uses SIGKILL)]' \
'--force[Force the removal of a running container (uses SIGKILL)]' \
'-v[Remove anonymous volumes associated with the container]' \
'--volumes[Remove anonymous volumes associated with the container]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(ls)
_arguments "${_arguments_options[@]}" : \
'-n+[Show the n last created containers (includes all states)]:LAST:_default' \
'--last=[Show the n last created containers (includes all states)]:LAST:_default' \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.ID}}'\'']:FORMAT:_default' \
'*-f+[Filter output based on conditions provided (id, name, label, status, exited, ancestor, before, since, volume, network, health, publish, expose, isolation, is-task)]:FILTER:_default' \
'*--filter=[Filter output based on conditions provided (id, name, label, status, exited, ancestor, before, since, volume, network, health, publish, expose, isolation, is-task)]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Show all containers (default shows just running)]' \
'--all[Show all containers (default shows just running)]' \
'-q[Only display container IDs]' \
'--quiet[Only display container IDs]' \
'--no-trunc[Don'\''t truncate output]' \
'-l[Show only the latest created container]' \
'--latest[Show only the latest created container]' \
'-s[Display total file sizes]' \
'--size[Display total file sizes]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(logs)
_arguments "${_arguments_options[@]}" : \
'-n+[Number of lines to show from the end of the logs ("all" for every line)]:TAIL:_default' \
'--tail=[Number of lines to show from the end of the logs ("all" for every line)]:TAIL:_default' \
'--since=[Show logs since timestamp (e.g. 2013-01-02T13\:23\:37Z) or relative (e.g. 42m for 42 minutes)]:SINCE:_default' \
'--until=[Show logs before a timestamp (e.g. 2013-01-02T13\:23\:37Z) or relative (e.g. 42m for 42 minutes)]:UNTIL:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Follow log output]' \
'--follow[Follow log output]' \
'-t[Show timestamps]' \
'--timestamps[Show timestamps]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(exec)
_arguments "${_arguments_options[@]}" : \
'*-e+[Set environment variables]:KEY=VALUE:_default' \
'*--env=[Set environment variables]:KEY=VALUE:_default' \
'*--env-file=[Read in a file of environment variables]:FILE:_files' \
'-w+[Working directory inside the container]:WORKDIR:_default' \
'--workdir=[Working directory inside the container]:WORKDIR:_default' \
'-u+[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--user=[Username or UID (format\: <name|uid>\[\:<group|gid>\])]:USER:_default' \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-i[Keep STDIN open]' \
'--interactive[Keep STDIN open]' \
'-t[Allocate a pseudo-TTY]' \
'--tty[Allocate a pseudo-TTY]' \
'-d[Detached mode\: run the command in the background]' \
'--detach[Detached mode\: run the command in the background]' \
'--privileged[Give extended privileges to the command]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
'*::command -- Command and arguments:_default' \
&& ret=0
;;
(attach)
_arguments "${_arguments_options[@]}" : \
'--detach-keys=[Override the key sequence for detaching a container]:KEYS:_default' \
'--sig-proxy=[Proxy all received signals to the process]::BOOL:(true false)' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--no-stdin[Do not attach STDIN]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(wait)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(inspect)
_arguments "${_arguments_options[@]}" : \
'--type=[Only inspect objects of this type\: container, image or volume]:KIND:_default' \
'-f+[Format the output using a Go-style template such as '\''{{.State.Status}}'\'']:FORMAT:_default' \
'--format=[Format the output using a Go-style template such as '\''{{.State.Status}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::objects -- Containers, images or volumes:_default' \
&& ret=0
;;
(update)
_arguments "${_arguments_options[@]}" : \
'-m+[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory=[Memory limit (e.g. 512m, 1g)]:BYTES:_default' \
'--memory-swap=[Swap limit equal to memory plus swap\: '\''-1'\'' to enable unlimited swap]:BYTES:_default' \
'--memory-reservation=[Memory soft limit]:BYTES:_default' \
'--cpus=[Number of CPUs]:DECIMAL:_default' \
'-c+[CPU shares (relative weight)]:INT:_default' \
'--cpu-shares=[CPU shares (relative weight)]:INT:_default' \
'--cpu-quota=[Limit CPU CFS (Completely Fair Scheduler) quota]:INT:_default' \
'--cpu-period=[Limit CPU CFS (Completely Fair Scheduler) period]:INT:_default' \
'--cpuset-cpus=[CPUs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--cpuset-mems=[MEMs in which to allow execution (0-3, 0,1)]:LIST:_default' \
'--pids-limit=[Tune container pids limit (set -1 for unlimited)]:INT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(port)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
'::port -- Only this container port\: PORT\[/PROTO\]:_default' \
&& ret=0
;;
(cp)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Archive mode (copy all uid/gid information)]' \
'--archive[Archive mode (copy all uid/gid information)]' \
'-L[Always follow symbol link in SRC_PATH]' \
'--follow-link[Always follow symbol link in SRC_PATH]' \
'-q[Suppress progress output during copy (linnet prints none)]' \
'--quiet[Suppress progress output during copy (linnet prints none)]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':src -- CONTAINER\:SRC_PATH, SRC_PATH or - (a tar archive on stdin):_default' \
':dest -- CONTAINER\:DEST_PATH, DEST_PATH or - (a tar archive on stdout):_default' \
&& ret=0
;;
(pause)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(unpause)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs):_default' \
&& ret=0
;;
(rename)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- The container (name or ID):_default' \
':new_name -- Its new name:_default' \
&& ret=0
;;
(top)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- The container (name or ID):_default' \
'*::ps_options -- Options for ps (default -ef):_default' \
&& ret=0
;;
(stats)
_arguments "${_arguments_options[@]}" : \
'--format=[Format output\: table, json, or a Go template such as '\''table {{.Name}}\\t{{.CPUPerc}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Show all containers (default shows just running)]' \
'--all[Show all containers (default shows just running)]' \
'--no-stream[Disable streaming stats and only pull the first result]' \
'--no-trunc[Do not truncate output]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::containers -- Containers (names or IDs); default\: all running ones:_default' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'*--filter=[Provide filter values (until=TIME, label=KEY\[=VALUE\], label!=KEY\[=VALUE\])]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Do not prompt for confirmation]' \
'--force[Do not prompt for confirmation]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(export)
_arguments "${_arguments_options[@]}" : \
'-o+[Write to a file, instead of STDOUT]:OUTPUT:_files' \
'--output=[Write to a file, instead of STDOUT]:OUTPUT:_files' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
&& ret=0
;;
(commit)
_arguments "${_arguments_options[@]}" : \
'-a+[Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")]:AUTHOR:_default' \
'--author=[Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")]:AUTHOR:_default' \
'*-c+[Apply Dockerfile instruction to the created image]:INSTRUCTION:_default' \
'*--change=[Apply Dockerfile instruction to the created image]:INSTRUCTION:_default' \
'-m+[Commit message]:MESSAGE:_default' \
'--message=[Commit message]:MESSAGE:_default' \
'-p+[Pause container during commit]::PAUSE:(true false)' \
'--pause=[Pause container during commit]::PAUSE:(true false)' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':container -- Container (name or ID):_default' \
'::reference -- Name of the new image\: REPOSITORY\[\:TAG\]:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(pull)
_arguments "${_arguments_options[@]}" : \
'*--platform=[Platform to pull (os/arch\[/variant\]); repeatable. Default\: this machine'\''s]:PLATFORM:_default' \
'--soci-index-digest=[SOCI index to use for lazy loading instead of discovering it (sha256\:...)]:DIGEST:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--all-platforms[Pull content for all platforms]' \
'-q[Suppress progress output; print the image name only]' \
'--quiet[Suppress progress output; print the image name only]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':image -- Image reference:_default' \
&& ret=0
;;
(push)
_arguments "${_arguments_options[@]}" : \
'*--platform=[Push only this platform'\''s manifest (os/arch\[/variant\]); repeatable]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--all-platforms[Push content for all platforms]' \
'-q[Suppress progress output]' \
'--quiet[Suppress progress output]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':image -- Image reference:_default' \
&& ret=0
;;
(images)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filter output (dangling=true|false, reference=PATTERN, label=KEY\[=VALUE\], before=IMAGE, since=IMAGE)]:FILTER:_default' \
'*--filter=[Filter output (dangling=true|false, reference=PATTERN, label=KEY\[=VALUE\], before=IMAGE, since=IMAGE)]:FILTER:_default' \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.Repository}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Only show image IDs]' \
'--quiet[Only show image IDs]' \
'--no-trunc[Don'\''t truncate output]' \
'--digests[Show digests]' \
'-a[Show all images (default hides intermediate images; linnet makes none, so the lists agree)]' \
'--all[Show all images (default hides intermediate images; linnet makes none, so the lists agree)]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'::repository -- Only list images matching this repository\[\:tag\]:_default' \
&& ret=0
;;
(tag)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':source -- Existing image:_default' \
':target -- New name:_default' \
&& ret=0
;;
(rmi)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Remove the image even if containers use it]' \
'--force[Remove the image even if containers use it]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::images -- Images (names or IDs):_default' \
&& ret=0
;;
(save)
_arguments "${_arguments_options[@]}" : \
'-o+[Write to a file instead of STDOUT]:OUTPUT:_files' \
'--output=[Write to a file instead of STDOUT]:OUTPUT:_files' \
'*--platform=[Save this platform only (os/arch\[/variant\]); repeatable]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--all-platforms[Save content for all platforms]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::images -- Images:_default' \
&& ret=0
;;
(load)
_arguments "${_arguments_options[@]}" : \
'-i+[Read from a tar archive file instead of STDIN]:INPUT:_files' \
'--input=[Read from a tar archive file instead of STDIN]:INPUT:_files' \
'*--platform=[Load this platform only; repeatable]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Suppress the load output]' \
'--quiet[Suppress the load output]' \
'--all-platforms[Load content for all platforms]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
'*-c+[Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)]:INSTRUCTION:_default' \
'*--change=[Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)]:INSTRUCTION:_default' \
'-m+[Set the commit message (stored in the history)]:MESSAGE:_default' \
'--message=[Set the commit message (stored in the history)]:MESSAGE:_default' \
'--platform=[Platform of the image (os/arch\[/variant\]). Default\: this machine'\''s]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':file -- Tarball path (plain, gzip) or "-" for STDIN:_default' \
'::reference -- Name of the new image. Default\: import-YYYYMMDD-HHMMSS\:latest (UTC time of the import):_default' \
&& ret=0
;;
(history)
_arguments "${_arguments_options[@]}" : \
'-H+[Print sizes and dates in human readable format]::HUMAN:(true false)' \
'--human=[Print sizes and dates in human readable format]::HUMAN:(true false)' \
'--format=[Format output\: table, json, or a Go template such as '\''{{.ID}}\: {{.CreatedBy}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--no-trunc[Don'\''t truncate output]' \
'-q[Only show image IDs]' \
'--quiet[Only show image IDs]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':image -- Image (name or ID):_default' \
&& ret=0
;;
(image)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__image_commands" \
"*::: :->image" \
&& ret=0

    case $state in
    (image)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-image-command-$line[1]:"
        case $line[1] in
            (pull)
_arguments "${_arguments_options[@]}" : \
'*--platform=[Platform to pull (os/arch\[/variant\]); repeatable. Default\: this machine'\''s]:PLATFORM:_default' \
'--soci-index-digest=[SOCI index to use for lazy loading instead of discovering it (sha256\:...)]:DIGEST:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--all-platforms[Pull content for all platforms]' \
'-q[Suppress progress output; print the image name only]' \
'--quiet[Suppress progress output; print the image name only]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':image -- Image reference:_default' \
&& ret=0
;;
(push)
_arguments "${_arguments_options[@]}" : \
'*--platform=[Push only this platform'\''s manifest (os/arch\[/variant\]); repeatable]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--all-platforms[Push content for all platforms]' \
'-q[Suppress progress output]' \
'--quiet[Suppress progress output]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':image -- Image reference:_default' \
&& ret=0
;;
(ls)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filter output (dangling=true|false, reference=PATTERN, label=KEY\[=VALUE\], before=IMAGE, since=IMAGE)]:FILTER:_default' \
'*--filter=[Filter output (dangling=true|false, reference=PATTERN, label=KEY\[=VALUE\], before=IMAGE, since=IMAGE)]:FILTER:_default' \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.Repository}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Only show image IDs]' \
'--quiet[Only show image IDs]' \
'--no-trunc[Don'\''t truncate output]' \
'--digests[Show digests]' \
'-a[Show all images (default hides intermediate images; linnet makes none, so the lists agree)]' \
'--all[Show all images (default hides intermediate images; linnet makes none, so the lists agree)]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'::repository -- Only list images matching this repository\[\:tag\]:_default' \
&& ret=0
;;
(tag)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':source -- Existing image:_default' \
':target -- New name:_default' \
&& ret=0
;;
(rm)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Remove the image even if containers use it]' \
'--force[Remove the image even if containers use it]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::images -- Images (names or IDs):_default' \
&& ret=0
;;
(inspect)
_arguments "${_arguments_options[@]}" : \
'-f+[Format the output using a Go-style template such as '\''{{.Id}}'\'']:FORMAT:_default' \
'--format=[Format the output using a Go-style template such as '\''{{.Id}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::images -- Images:_default' \
&& ret=0
;;
(save)
_arguments "${_arguments_options[@]}" : \
'-o+[Write to a file instead of STDOUT]:OUTPUT:_files' \
'--output=[Write to a file instead of STDOUT]:OUTPUT:_files' \
'*--platform=[Save this platform only (os/arch\[/variant\]); repeatable]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--all-platforms[Save content for all platforms]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::images -- Images:_default' \
&& ret=0
;;
(load)
_arguments "${_arguments_options[@]}" : \
'-i+[Read from a tar archive file instead of STDIN]:INPUT:_files' \
'--input=[Read from a tar archive file instead of STDIN]:INPUT:_files' \
'*--platform=[Load this platform only; repeatable]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Suppress the load output]' \
'--quiet[Suppress the load output]' \
'--all-platforms[Load content for all platforms]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(import)
_arguments "${_arguments_options[@]}" : \
'*-c+[Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)]:INSTRUCTION:_default' \
'*--change=[Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)]:INSTRUCTION:_default' \
'-m+[Set the commit message (stored in the history)]:MESSAGE:_default' \
'--message=[Set the commit message (stored in the history)]:MESSAGE:_default' \
'--platform=[Platform of the image (os/arch\[/variant\]). Default\: this machine'\''s]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':file -- Tarball path (plain, gzip) or "-" for STDIN:_default' \
'::reference -- Name of the new image. Default\: import-YYYYMMDD-HHMMSS\:latest (UTC time of the import):_default' \
&& ret=0
;;
(convert)
_arguments "${_arguments_options[@]}" : \
'--soci-span-size=[Span size of the ztocs in bytes (soci'\''s --span-size)]:BYTES:_default' \
'--soci-min-layer-size=[Layers smaller than this get no ztoc (soci'\''s --min-layer-size)]:BYTES:_default' \
'--soci-index-version=[SOCI index manifest version\: v2 (a new image index carries it) or v1 (linked by subject)]:VERSION:(v1 v2)' \
'*--platform=[Convert this platform'\''s manifest (os/arch\[/variant\]); repeatable or comma-separated]:PLATFORM:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--soci[Convert to a SOCI-enabled image (build ztocs and a SOCI index)]' \
'--all-platforms[Convert every platform of the image]' \
'--oci[Write OCI media types (always the case for SOCI conversion; accepted for nerdctl scripts)]' \
'-q[Print only the digest of the converted image]' \
'--quiet[Print only the digest of the converted image]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':source -- Source image:_default' \
':destination -- Destination image (a tag):_default' \
&& ret=0
;;
(history)
_arguments "${_arguments_options[@]}" : \
'-H+[Print sizes and dates in human readable format]::HUMAN:(true false)' \
'--human=[Print sizes and dates in human readable format]::HUMAN:(true false)' \
'--format=[Format output\: table, json, or a Go template such as '\''{{.ID}}\: {{.CreatedBy}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--no-trunc[Don'\''t truncate output]' \
'-q[Only show image IDs]' \
'--quiet[Only show image IDs]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':image -- Image (name or ID):_default' \
&& ret=0
;;
(lazy-status)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:(table json)' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::images -- Images to report on \[default\: every image of the namespace\]:_default' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'*--filter=[Provide filter values (until=TIME, label=KEY\[=VALUE\], label!=KEY\[=VALUE\], dangling=BOOL)]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Remove all unused images, not just dangling ones]' \
'--all[Remove all unused images, not just dangling ones]' \
'-f[Do not prompt for confirmation]' \
'--force[Do not prompt for confirmation]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
;;
(soci)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__soci_commands" \
"*::: :->soci" \
&& ret=0

    case $state in
    (soci)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-soci-command-$line[1]:"
        case $line[1] in
            (index)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__soci__subcmd__index_commands" \
"*::: :->index" \
&& ret=0

    case $state in
    (index)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-soci-index-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Only print digests]' \
'--quiet[Only print digests]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'::image -- Only this image'\''s indexes:_default' \
&& ret=0
;;
(info)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':digest -- Digest (sha256\:...):_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(ztoc)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__soci__subcmd__ztoc_commands" \
"*::: :->ztoc" \
&& ret=0

    case $state in
    (ztoc)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-soci-ztoc-command-$line[1]:"
        case $line[1] in
            (info)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':digest -- Digest (sha256\:...):_default' \
&& ret=0
;;
(get-file)
_arguments "${_arguments_options[@]}" : \
'-o+[Write the file here instead of standard output]:OUTPUT:_files' \
'--output=[Write the file here instead of standard output]:OUTPUT:_files' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':digest -- ztoc digest:_default' \
':path -- Path of the file inside the layer (as in the ztoc'\''s file table):_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(network)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__network_commands" \
"*::: :->network" \
&& ret=0

    case $state in
    (network)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-network-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
'-d+[Driver to manage the network (only \`bridge\`)]:DRIVER:_default' \
'--driver=[Driver to manage the network (only \`bridge\`)]:DRIVER:_default' \
'--subnet=[Subnet in CIDR format (IPv4)]:SUBNET:_default' \
'--gateway=[Gateway for the subnet]:GATEWAY:_default' \
'--ip-range=[Allocate container addresses from a sub-range]:IP_RANGE:_default' \
'*--label=[Set metadata on the network (key=value)]:LABEL:_default' \
'*-o+[Set driver options (\`com.docker.network.driver.mtu\`)]:OPT:_default' \
'*--opt=[Set driver options (\`com.docker.network.driver.mtu\`)]:OPT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--internal[Restrict external access to the network]' \
'--attachable[Accepted for compatibility (every linnet network is attachable)]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(ls)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filter output (driver=, id=, label=, name=, scope=, type=custom|builtin, dangling=)]:FILTER:_default' \
'*--filter=[Filter output (driver=, id=, label=, name=, scope=, type=custom|builtin, dangling=)]:FILTER:_default' \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.Name}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Only display network IDs]' \
'--quiet[Only display network IDs]' \
'--no-trunc[Do not truncate the output]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(inspect)
_arguments "${_arguments_options[@]}" : \
'-f+[Format output using a Go-style template]:FORMAT:_default' \
'--format=[Format output using a Go-style template]:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::networks:_default' \
&& ret=0
;;
(rm)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Do not error if the network does not exist]' \
'--force[Do not error if the network does not exist]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::networks:_default' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'*--filter=[Only prune networks matching label=KEY\[=VALUE\]]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Do not prompt for confirmation]' \
'--force[Do not prompt for confirmation]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(connect)
_arguments "${_arguments_options[@]}" : \
'--ip=[IPv4 address (networks created with --subnet only)]:IP:_default' \
'*--alias=[Add network-scoped alias for the container]:ALIAS:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':network:_default' \
':container:_default' \
&& ret=0
;;
(disconnect)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Force the container to disconnect from a network (also when the plugins fail to undo it)]' \
'--force[Force the container to disconnect from a network (also when the plugins fail to undo it)]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':network:_default' \
':container:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(volume)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__volume_commands" \
"*::: :->volume" \
&& ret=0

    case $state in
    (volume)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-volume-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
'-d+[Volume driver name (only \`local\`)]:DRIVER:_default' \
'--driver=[Volume driver name (only \`local\`)]:DRIVER:_default' \
'*--label=[Set metadata for a volume (key=value)]:LABEL:_default' \
'*-o+[Set driver specific options (type=, device=, o=)]:OPT:_default' \
'*--opt=[Set driver specific options (type=, device=, o=)]:OPT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Volume name (a random 64-hex name when omitted):_default' \
&& ret=0
;;
(ls)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filter output (dangling=true|false, driver=, label=KEY\[=VALUE\], name=)]:FILTER:_default' \
'*--filter=[Filter output (dangling=true|false, driver=, label=KEY\[=VALUE\], name=)]:FILTER:_default' \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.Name}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-q[Only display volume names]' \
'--quiet[Only display volume names]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(inspect)
_arguments "${_arguments_options[@]}" : \
'-f+[Format output using a Go-style template]:FORMAT:_default' \
'--format=[Format output using a Go-style template]:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::volumes:_default' \
&& ret=0
;;
(rm)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Do not error if the volume does not exist]' \
'--force[Do not error if the volume does not exist]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'*::volumes:_default' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'*--filter=[Only prune volumes matching label=KEY\[=VALUE\]]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-f[Do not prompt for confirmation]' \
'--force[Do not prompt for confirmation]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
;;
(login)
_arguments "${_arguments_options[@]}" : \
'-u+[Username]:USERNAME:_default' \
'--username=[Username]:USERNAME:_default' \
'-p+[Password]:PASSWORD:_default' \
'--password=[Password]:PASSWORD:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--password-stdin[Take the password from STDIN]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'::server -- Registry server (default\: Docker Hub):_default' \
&& ret=0
;;
(logout)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'::server -- Registry server (default\: Docker Hub):_default' \
&& ret=0
;;
(system)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_linnet__subcmd__system_commands" \
"*::: :->system" \
&& ret=0

    case $state in
    (system)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:linnet-system-command-$line[1]:"
        case $line[1] in
            (start)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(stop)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(df)
_arguments "${_arguments_options[@]}" : \
'--format=[Format output\: table, json, or a Go-style template such as '\''{{.Type}}'\'']:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-v[Show detailed information on space usage]' \
'--verbose[Show detailed information on space usage]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'*--filter=[Provide filter values (until=TIME, label=KEY\[=VALUE\], label!=KEY\[=VALUE\])]:FILTER:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'-a[Remove all unused images not just dangling ones]' \
'--all[Remove all unused images not just dangling ones]' \
'-f[Do not prompt for confirmation]' \
'--force[Do not prompt for confirmation]' \
'--volumes[Prune anonymous volumes]' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(info)
_arguments "${_arguments_options[@]}" : \
'-f+[Format output using a Go-style template such as '\''{{.ServerVersion}}'\'', or json]:FORMAT:_default' \
'--format=[Format output using a Go-style template such as '\''{{.ServerVersion}}'\'', or json]:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
;;
(info)
_arguments "${_arguments_options[@]}" : \
'-f+[Format output using a Go-style template such as '\''{{.ServerVersion}}'\'', or json]:FORMAT:_default' \
'--format=[Format output using a Go-style template such as '\''{{.ServerVersion}}'\'', or json]:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(version)
_arguments "${_arguments_options[@]}" : \
'-f+[Format output\: json or a template]:FORMAT:_default' \
'--format=[Format output\: json or a template]:FORMAT:_default' \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(completion)
_arguments "${_arguments_options[@]}" : \
'--data-root=[Root of linnet'\''s persistent data (managed containerd, container logs)]:DIR:_files' \
'--snapshotter=[containerd snapshotter used to unpack images and run containers. Default\: \`linnet\` (lazy loading of SOCI images) with the managed containerd, \`overlayfs\` with --address]:NAME:_default' \
'*--insecure-registry=[Use plain HTTP (or HTTPS without verification) for this registry host; repeatable]:HOST:_default' \
'*--hosts-dir=[Directories holding \`<host>/ca.crt\` registry certificates (containerd'\''s certs.d); repeatable]:DIR:_files' \
'--debug[Print debug logs on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
':shell -- Shell\: bash, zsh or fish:(bash elvish fish powershell zsh)' \
&& ret=0
;;
        esac
    ;;
esac
}

(( $+functions[_linnet_commands] )) ||
_linnet_commands() {
    local commands; commands=(
'run:Create and run a new container from an image' \
'create:Create a new container without starting it' \
'start:Start one or more stopped containers' \
'stop:Stop one or more running containers' \
'restart:Restart one or more containers' \
'kill:Kill one or more running containers' \
'rm:Remove one or more containers' \
'ps:List containers' \
'logs:Fetch the logs of a container' \
'exec:Execute a command in a running container' \
'attach:Attach local standard input, output, and error streams to a running container' \
'wait:Block until containers stop, then print their exit codes' \
'inspect:Display detailed information on containers or images' \
'update:Update the resource limits of one or more containers' \
'port:List port mappings or a specific mapping for the container' \
'cp:Copy files/folders between a container and the local filesystem' \
'pause:Pause all processes within one or more containers' \
'unpause:Unpause all processes within one or more containers' \
'rename:Rename a container' \
'top:Display the running processes of a container' \
'stats:Display a live stream of container(s) resource usage statistics' \
'events:Get real time events from the server' \
'diff:Inspect changes to files or directories on a container'\''s filesystem' \
'export:Export a container'\''s filesystem as a tar archive' \
'commit:Create a new image from a container'\''s changes' \
'container:Manage containers' \
'pull:Download an image from a registry' \
'push:Upload an image to a registry' \
'images:List images' \
'tag:Create a tag TARGET that refers to SOURCE' \
'rmi:Remove one or more images' \
'save:Save images to a tar archive (OCI and docker-archive layout)' \
'load:Load images from a tar archive (OCI archive or docker-archive)' \
'import:Import a root filesystem tarball as a single-layer image' \
'history:Show the history of an image' \
'image:Manage images' \
'soci:Inspect SOCI indexes and ztocs' \
'network:Manage networks' \
'volume:Manage volumes' \
'login:Log in to a registry' \
'logout:Log out from a registry' \
'system:Manage linnet'\''s containerd; show disk usage and system-wide information; prune' \
'info:Display system-wide information' \
'version:Show the linnet and containerd versions' \
'completion:Print a shell completion script (bash, zsh, fish)' \
    )
    _describe -t commands 'linnet commands' commands "$@"
}
(( $+functions[_linnet__subcmd__attach_commands] )) ||
_linnet__subcmd__attach_commands() {
    local commands; commands=()
    _describe -t commands 'linnet attach commands' commands "$@"
}
(( $+functions[_linnet__subcmd__commit_commands] )) ||
_linnet__subcmd__commit_commands() {
    local commands; commands=()
    _describe -t commands 'linnet commit commands' commands "$@"
}
(( $+functions[_linnet__subcmd__completion_commands] )) ||
_linnet__subcmd__completion_commands() {
    local commands; commands=()
    _describe -t commands 'linnet completion commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container_commands] )) ||
_linnet__subcmd__container_commands() {
    local commands; commands=(
'run:Create and run a new container from an image' \
'create:Create a new container without starting it' \
'start:Start one or more stopped containers' \
'stop:Stop one or more running containers' \
'restart:Restart one or more containers' \
'kill:Kill one or more running containers' \
'rm:Remove one or more containers' \
'ls:List containers' \
'logs:Fetch the logs of a container' \
'exec:Execute a command in a running container' \
'attach:Attach local standard input, output, and error streams to a running container' \
'wait:Block until containers stop, then print their exit codes' \
'inspect:Display detailed information on containers' \
'update:Update the resource limits of one or more containers' \
'port:List port mappings or a specific mapping for the container' \
'cp:Copy files/folders between a container and the local filesystem' \
'pause:Pause all processes within one or more containers' \
'unpause:Unpause all processes within one or more containers' \
'rename:Rename a container' \
'top:Display the running processes of a container' \
'stats:Display a live stream of container(s) resource usage statistics' \
'prune:Remove all stopped containers' \
'diff:Inspect changes to files or directories on a container'\''s filesystem' \
'export:Export a container'\''s filesystem as a tar archive' \
'commit:Create a new image from a container'\''s changes' \
    )
    _describe -t commands 'linnet container commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__attach_commands] )) ||
_linnet__subcmd__container__subcmd__attach_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container attach commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__commit_commands] )) ||
_linnet__subcmd__container__subcmd__commit_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container commit commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__cp_commands] )) ||
_linnet__subcmd__container__subcmd__cp_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container cp commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__create_commands] )) ||
_linnet__subcmd__container__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container create commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__diff_commands] )) ||
_linnet__subcmd__container__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container diff commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__exec_commands] )) ||
_linnet__subcmd__container__subcmd__exec_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container exec commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__export_commands] )) ||
_linnet__subcmd__container__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container export commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__inspect_commands] )) ||
_linnet__subcmd__container__subcmd__inspect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container inspect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__kill_commands] )) ||
_linnet__subcmd__container__subcmd__kill_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container kill commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__logs_commands] )) ||
_linnet__subcmd__container__subcmd__logs_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container logs commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__ls_commands] )) ||
_linnet__subcmd__container__subcmd__ls_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container ls commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__pause_commands] )) ||
_linnet__subcmd__container__subcmd__pause_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container pause commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__port_commands] )) ||
_linnet__subcmd__container__subcmd__port_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container port commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__prune_commands] )) ||
_linnet__subcmd__container__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container prune commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__rename_commands] )) ||
_linnet__subcmd__container__subcmd__rename_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container rename commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__restart_commands] )) ||
_linnet__subcmd__container__subcmd__restart_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container restart commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__rm_commands] )) ||
_linnet__subcmd__container__subcmd__rm_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container rm commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__run_commands] )) ||
_linnet__subcmd__container__subcmd__run_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container run commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__start_commands] )) ||
_linnet__subcmd__container__subcmd__start_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container start commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__stats_commands] )) ||
_linnet__subcmd__container__subcmd__stats_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container stats commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__stop_commands] )) ||
_linnet__subcmd__container__subcmd__stop_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container stop commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__top_commands] )) ||
_linnet__subcmd__container__subcmd__top_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container top commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__unpause_commands] )) ||
_linnet__subcmd__container__subcmd__unpause_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container unpause commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__update_commands] )) ||
_linnet__subcmd__container__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container update commands' commands "$@"
}
(( $+functions[_linnet__subcmd__container__subcmd__wait_commands] )) ||
_linnet__subcmd__container__subcmd__wait_commands() {
    local commands; commands=()
    _describe -t commands 'linnet container wait commands' commands "$@"
}
(( $+functions[_linnet__subcmd__cp_commands] )) ||
_linnet__subcmd__cp_commands() {
    local commands; commands=()
    _describe -t commands 'linnet cp commands' commands "$@"
}
(( $+functions[_linnet__subcmd__create_commands] )) ||
_linnet__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'linnet create commands' commands "$@"
}
(( $+functions[_linnet__subcmd__diff_commands] )) ||
_linnet__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'linnet diff commands' commands "$@"
}
(( $+functions[_linnet__subcmd__events_commands] )) ||
_linnet__subcmd__events_commands() {
    local commands; commands=()
    _describe -t commands 'linnet events commands' commands "$@"
}
(( $+functions[_linnet__subcmd__exec_commands] )) ||
_linnet__subcmd__exec_commands() {
    local commands; commands=()
    _describe -t commands 'linnet exec commands' commands "$@"
}
(( $+functions[_linnet__subcmd__export_commands] )) ||
_linnet__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'linnet export commands' commands "$@"
}
(( $+functions[_linnet__subcmd__history_commands] )) ||
_linnet__subcmd__history_commands() {
    local commands; commands=()
    _describe -t commands 'linnet history commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image_commands] )) ||
_linnet__subcmd__image_commands() {
    local commands; commands=(
'pull:Download an image from a registry' \
'push:Upload an image to a registry' \
'ls:List images' \
'tag:Create a tag TARGET that refers to SOURCE' \
'rm:Remove one or more images' \
'inspect:Display detailed information on images' \
'save:Save images to a tar archive' \
'load:Load images from a tar archive' \
'import:Import a root filesystem tarball as an image' \
'convert:Convert an image (\`--soci\`\: add a SOCI index for lazy loading)' \
'history:Show the history of an image' \
'lazy-status:Show which layers are loaded lazily and how much of them has been fetched' \
'prune:Remove unused images' \
    )
    _describe -t commands 'linnet image commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__convert_commands] )) ||
_linnet__subcmd__image__subcmd__convert_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image convert commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__history_commands] )) ||
_linnet__subcmd__image__subcmd__history_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image history commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__import_commands] )) ||
_linnet__subcmd__image__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image import commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__inspect_commands] )) ||
_linnet__subcmd__image__subcmd__inspect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image inspect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__lazy-status_commands] )) ||
_linnet__subcmd__image__subcmd__lazy-status_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image lazy-status commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__load_commands] )) ||
_linnet__subcmd__image__subcmd__load_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image load commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__ls_commands] )) ||
_linnet__subcmd__image__subcmd__ls_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image ls commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__prune_commands] )) ||
_linnet__subcmd__image__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image prune commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__pull_commands] )) ||
_linnet__subcmd__image__subcmd__pull_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image pull commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__push_commands] )) ||
_linnet__subcmd__image__subcmd__push_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image push commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__rm_commands] )) ||
_linnet__subcmd__image__subcmd__rm_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image rm commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__save_commands] )) ||
_linnet__subcmd__image__subcmd__save_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image save commands' commands "$@"
}
(( $+functions[_linnet__subcmd__image__subcmd__tag_commands] )) ||
_linnet__subcmd__image__subcmd__tag_commands() {
    local commands; commands=()
    _describe -t commands 'linnet image tag commands' commands "$@"
}
(( $+functions[_linnet__subcmd__images_commands] )) ||
_linnet__subcmd__images_commands() {
    local commands; commands=()
    _describe -t commands 'linnet images commands' commands "$@"
}
(( $+functions[_linnet__subcmd__import_commands] )) ||
_linnet__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'linnet import commands' commands "$@"
}
(( $+functions[_linnet__subcmd__info_commands] )) ||
_linnet__subcmd__info_commands() {
    local commands; commands=()
    _describe -t commands 'linnet info commands' commands "$@"
}
(( $+functions[_linnet__subcmd__inspect_commands] )) ||
_linnet__subcmd__inspect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet inspect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__kill_commands] )) ||
_linnet__subcmd__kill_commands() {
    local commands; commands=()
    _describe -t commands 'linnet kill commands' commands "$@"
}
(( $+functions[_linnet__subcmd__load_commands] )) ||
_linnet__subcmd__load_commands() {
    local commands; commands=()
    _describe -t commands 'linnet load commands' commands "$@"
}
(( $+functions[_linnet__subcmd__login_commands] )) ||
_linnet__subcmd__login_commands() {
    local commands; commands=()
    _describe -t commands 'linnet login commands' commands "$@"
}
(( $+functions[_linnet__subcmd__logout_commands] )) ||
_linnet__subcmd__logout_commands() {
    local commands; commands=()
    _describe -t commands 'linnet logout commands' commands "$@"
}
(( $+functions[_linnet__subcmd__logs_commands] )) ||
_linnet__subcmd__logs_commands() {
    local commands; commands=()
    _describe -t commands 'linnet logs commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network_commands] )) ||
_linnet__subcmd__network_commands() {
    local commands; commands=(
'create:Create a network' \
'ls:List networks' \
'inspect:Display detailed information on one or more networks' \
'rm:Remove one or more networks' \
'prune:Remove all unused networks' \
'connect:Connect a container to a network' \
'disconnect:Disconnect a container from a network' \
    )
    _describe -t commands 'linnet network commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__connect_commands] )) ||
_linnet__subcmd__network__subcmd__connect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network connect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__create_commands] )) ||
_linnet__subcmd__network__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network create commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__disconnect_commands] )) ||
_linnet__subcmd__network__subcmd__disconnect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network disconnect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__inspect_commands] )) ||
_linnet__subcmd__network__subcmd__inspect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network inspect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__ls_commands] )) ||
_linnet__subcmd__network__subcmd__ls_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network ls commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__prune_commands] )) ||
_linnet__subcmd__network__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network prune commands' commands "$@"
}
(( $+functions[_linnet__subcmd__network__subcmd__rm_commands] )) ||
_linnet__subcmd__network__subcmd__rm_commands() {
    local commands; commands=()
    _describe -t commands 'linnet network rm commands' commands "$@"
}
(( $+functions[_linnet__subcmd__pause_commands] )) ||
_linnet__subcmd__pause_commands() {
    local commands; commands=()
    _describe -t commands 'linnet pause commands' commands "$@"
}
(( $+functions[_linnet__subcmd__port_commands] )) ||
_linnet__subcmd__port_commands() {
    local commands; commands=()
    _describe -t commands 'linnet port commands' commands "$@"
}
(( $+functions[_linnet__subcmd__ps_commands] )) ||
_linnet__subcmd__ps_commands() {
    local commands; commands=()
    _describe -t commands 'linnet ps commands' commands "$@"
}
(( $+functions[_linnet__subcmd__pull_commands] )) ||
_linnet__subcmd__pull_commands() {
    local commands; commands=()
    _describe -t commands 'linnet pull commands' commands "$@"
}
(( $+functions[_linnet__subcmd__push_commands] )) ||
_linnet__subcmd__push_commands() {
    local commands; commands=()
    _describe -t commands 'linnet push commands' commands "$@"
}
(( $+functions[_linnet__subcmd__rename_commands] )) ||
_linnet__subcmd__rename_commands() {
    local commands; commands=()
    _describe -t commands 'linnet rename commands' commands "$@"
}
(( $+functions[_linnet__subcmd__restart_commands] )) ||
_linnet__subcmd__restart_commands() {
    local commands; commands=()
    _describe -t commands 'linnet restart commands' commands "$@"
}
(( $+functions[_linnet__subcmd__rm_commands] )) ||
_linnet__subcmd__rm_commands() {
    local commands; commands=()
    _describe -t commands 'linnet rm commands' commands "$@"
}
(( $+functions[_linnet__subcmd__rmi_commands] )) ||
_linnet__subcmd__rmi_commands() {
    local commands; commands=()
    _describe -t commands 'linnet rmi commands' commands "$@"
}
(( $+functions[_linnet__subcmd__run_commands] )) ||
_linnet__subcmd__run_commands() {
    local commands; commands=()
    _describe -t commands 'linnet run commands' commands "$@"
}
(( $+functions[_linnet__subcmd__save_commands] )) ||
_linnet__subcmd__save_commands() {
    local commands; commands=()
    _describe -t commands 'linnet save commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci_commands] )) ||
_linnet__subcmd__soci_commands() {
    local commands; commands=(
'index:SOCI indexes' \
'ztoc:ztocs (per-layer tables of contents)' \
    )
    _describe -t commands 'linnet soci commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci__subcmd__index_commands] )) ||
_linnet__subcmd__soci__subcmd__index_commands() {
    local commands; commands=(
'list:List the SOCI indexes of all images, or of one image' \
'info:Print a SOCI index (JSON)' \
    )
    _describe -t commands 'linnet soci index commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci__subcmd__index__subcmd__info_commands] )) ||
_linnet__subcmd__soci__subcmd__index__subcmd__info_commands() {
    local commands; commands=()
    _describe -t commands 'linnet soci index info commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci__subcmd__index__subcmd__list_commands] )) ||
_linnet__subcmd__soci__subcmd__index__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'linnet soci index list commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci__subcmd__ztoc_commands] )) ||
_linnet__subcmd__soci__subcmd__ztoc_commands() {
    local commands; commands=(
'info:Show a ztoc\: version, build tool, sizes, spans and the file table' \
'get-file:Extract one file of a layer through its ztoc (to check the ztoc against the layer)' \
    )
    _describe -t commands 'linnet soci ztoc commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci__subcmd__ztoc__subcmd__get-file_commands] )) ||
_linnet__subcmd__soci__subcmd__ztoc__subcmd__get-file_commands() {
    local commands; commands=()
    _describe -t commands 'linnet soci ztoc get-file commands' commands "$@"
}
(( $+functions[_linnet__subcmd__soci__subcmd__ztoc__subcmd__info_commands] )) ||
_linnet__subcmd__soci__subcmd__ztoc__subcmd__info_commands() {
    local commands; commands=()
    _describe -t commands 'linnet soci ztoc info commands' commands "$@"
}
(( $+functions[_linnet__subcmd__start_commands] )) ||
_linnet__subcmd__start_commands() {
    local commands; commands=()
    _describe -t commands 'linnet start commands' commands "$@"
}
(( $+functions[_linnet__subcmd__stats_commands] )) ||
_linnet__subcmd__stats_commands() {
    local commands; commands=()
    _describe -t commands 'linnet stats commands' commands "$@"
}
(( $+functions[_linnet__subcmd__stop_commands] )) ||
_linnet__subcmd__stop_commands() {
    local commands; commands=()
    _describe -t commands 'linnet stop commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system_commands] )) ||
_linnet__subcmd__system_commands() {
    local commands; commands=(
'start:Start linnet'\''s containerd (a no-op when it is running)' \
'stop:Stop linnet'\''s containerd' \
'status:Show whether linnet'\''s containerd runs, with its socket, version and log file' \
'df:Show linnet disk usage' \
'prune:Remove unused data' \
'info:Display system-wide information' \
    )
    _describe -t commands 'linnet system commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system__subcmd__df_commands] )) ||
_linnet__subcmd__system__subcmd__df_commands() {
    local commands; commands=()
    _describe -t commands 'linnet system df commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system__subcmd__info_commands] )) ||
_linnet__subcmd__system__subcmd__info_commands() {
    local commands; commands=()
    _describe -t commands 'linnet system info commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system__subcmd__prune_commands] )) ||
_linnet__subcmd__system__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'linnet system prune commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system__subcmd__start_commands] )) ||
_linnet__subcmd__system__subcmd__start_commands() {
    local commands; commands=()
    _describe -t commands 'linnet system start commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system__subcmd__status_commands] )) ||
_linnet__subcmd__system__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'linnet system status commands' commands "$@"
}
(( $+functions[_linnet__subcmd__system__subcmd__stop_commands] )) ||
_linnet__subcmd__system__subcmd__stop_commands() {
    local commands; commands=()
    _describe -t commands 'linnet system stop commands' commands "$@"
}
(( $+functions[_linnet__subcmd__tag_commands] )) ||
_linnet__subcmd__tag_commands() {
    local commands; commands=()
    _describe -t commands 'linnet tag commands' commands "$@"
}
(( $+functions[_linnet__subcmd__top_commands] )) ||
_linnet__subcmd__top_commands() {
    local commands; commands=()
    _describe -t commands 'linnet top commands' commands "$@"
}
(( $+functions[_linnet__subcmd__unpause_commands] )) ||
_linnet__subcmd__unpause_commands() {
    local commands; commands=()
    _describe -t commands 'linnet unpause commands' commands "$@"
}
(( $+functions[_linnet__subcmd__update_commands] )) ||
_linnet__subcmd__update_commands() {
    local commands; commands=()
    _describe -t commands 'linnet update commands' commands "$@"
}
(( $+functions[_linnet__subcmd__version_commands] )) ||
_linnet__subcmd__version_commands() {
    local commands; commands=()
    _describe -t commands 'linnet version commands' commands "$@"
}
(( $+functions[_linnet__subcmd__volume_commands] )) ||
_linnet__subcmd__volume_commands() {
    local commands; commands=(
'create:Create a volume' \
'ls:List volumes' \
'inspect:Display detailed information on one or more volumes' \
'rm:Remove one or more volumes' \
'prune:Remove all unused local volumes' \
    )
    _describe -t commands 'linnet volume commands' commands "$@"
}
(( $+functions[_linnet__subcmd__volume__subcmd__create_commands] )) ||
_linnet__subcmd__volume__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'linnet volume create commands' commands "$@"
}
(( $+functions[_linnet__subcmd__volume__subcmd__inspect_commands] )) ||
_linnet__subcmd__volume__subcmd__inspect_commands() {
    local commands; commands=()
    _describe -t commands 'linnet volume inspect commands' commands "$@"
}
(( $+functions[_linnet__subcmd__volume__subcmd__ls_commands] )) ||
_linnet__subcmd__volume__subcmd__ls_commands() {
    local commands; commands=()
    _describe -t commands 'linnet volume ls commands' commands "$@"
}
(( $+functions[_linnet__subcmd__volume__subcmd__prune_commands] )) ||
_linnet__subcmd__volume__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'linnet volume prune commands' commands "$@"
}
(( $+functions[_linnet__subcmd__volume__subcmd__rm_commands] )) ||
_linnet__subcmd__volume__subcmd__rm_commands() {
    local commands; commands=()
    _describe -t commands 'linnet volume rm commands' commands "$@"
}
(( $+functions[_linnet__subcmd__wait_commands] )) ||
_linnet__subcmd__wait_commands() {
    local commands; commands=()
    _describe -t commands 'linnet wait commands' commands "$@"
}

# Names of containers, images, networks and volumes come from linnet itself.
_linnet() {
    local out
    if [[ $PREFIX != -* ]] &&
        out=$(${words[1]} _complete -- ${words[2,CURRENT-1]} 2>/dev/null); then
        local -a names
        names=(${(f)out})
        compadd -a names
        return
    fi
    _linnet_static "$@"
}

if [ "$funcstack[1]" = "_linnet" ]; then
    _linnet "$@"
else
    compdef _linnet linnet
fi

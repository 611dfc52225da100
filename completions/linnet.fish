# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_linnet_global_optspecs
    string join \n a/address= n/namespace= data-root= snapshotter= insecure-registry= hosts-dir= debug h/help V/version
end

function __fish_linnet_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_linnet_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_linnet_using_subcommand
    set -l cmd (__fish_linnet_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c linnet -n "__fish_linnet_needs_command" -s a -l address -d 'containerd address (a unix socket; `unix://` is accepted). Default: linnet\'s managed containerd' -r
complete -c linnet -n "__fish_linnet_needs_command" -s n -l namespace -d 'containerd namespace' -r
complete -c linnet -n "__fish_linnet_needs_command" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_needs_command" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_needs_command" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_needs_command" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_needs_command" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_needs_command" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_needs_command" -s V -l version -d 'Print version'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "run" -d 'Create and run a new container from an image'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "create" -d 'Create a new container without starting it'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "start" -d 'Start one or more stopped containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "stop" -d 'Stop one or more running containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "restart" -d 'Restart one or more containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "kill" -d 'Kill one or more running containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "rm" -d 'Remove one or more containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "ps" -d 'List containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "logs" -d 'Fetch the logs of a container'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "exec" -d 'Execute a command in a running container'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "attach" -d 'Attach local standard input, output, and error streams to a running container'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "wait" -d 'Block until containers stop, then print their exit codes'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "inspect" -d 'Display detailed information on containers or images'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "update" -d 'Update the resource limits of one or more containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "port" -d 'List port mappings or a specific mapping for the container'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "cp" -d 'Copy files/folders between a container and the local filesystem'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "pause" -d 'Pause all processes within one or more containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "unpause" -d 'Unpause all processes within one or more containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "rename" -d 'Rename a container'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "top" -d 'Display the running processes of a container'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "stats" -d 'Display a live stream of container(s) resource usage statistics'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "events" -d 'Get real time events from the server'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "diff" -d 'Inspect changes to files or directories on a container\'s filesystem'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "export" -d 'Export a container\'s filesystem as a tar archive'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "commit" -d 'Create a new image from a container\'s changes'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "container" -d 'Manage containers'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "pull" -d 'Download an image from a registry'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "push" -d 'Upload an image to a registry'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "images" -d 'List images'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "tag" -d 'Create a tag TARGET that refers to SOURCE'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "rmi" -d 'Remove one or more images'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "save" -d 'Save images to a tar archive (OCI and docker-archive layout)'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "load" -d 'Load images from a tar archive (OCI archive or docker-archive)'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "import" -d 'Import a root filesystem tarball as a single-layer image'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "history" -d 'Show the history of an image'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "image" -d 'Manage images'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "soci" -d 'Inspect SOCI indexes and ztocs'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "network" -d 'Manage networks'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "volume" -d 'Manage volumes'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "login" -d 'Log in to a registry'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "logout" -d 'Log out from a registry'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "system" -d 'Manage linnet\'s containerd; show disk usage and system-wide information; prune'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "info" -d 'Display system-wide information'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "version" -d 'Show the linnet and containerd versions'
complete -c linnet -n "__fish_linnet_needs_command" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish)'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l sig-proxy -d 'Proxy received signals to the process' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand run" -l name -d 'Assign a name to the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to copy it from this environment)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l env-file -d 'Read environment variables from a file' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand run" -s w -l workdir -d 'Working directory inside the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s u -l user -d 'Username or UID (format: <name|uid>[:<group|gid>])' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l entrypoint -d 'Overwrite the default ENTRYPOINT of the image' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s h -l hostname -d 'Container host name' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s v -l volume -d 'Bind mount a host path or a volume (SRC:DST[:OPTS]), or make an anonymous volume (DST)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l mount -d 'Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...[,readonly])' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l tmpfs -d 'Mount a tmpfs directory (PATH[:OPTS], e.g. /run:rw,size=64m)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l network -d 'Connect a container to a network: bridge, host, none, NAME or container:NAME' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l ip -d 'IPv4 address on a user network with a subnet of its own' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l network-alias -d 'Add a network-scoped alias for the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s p -l publish -d 'Publish a container\'s port(s) to the host ([IP:][HOST_PORT:]CONTAINER_PORT[/PROTO])' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l expose -d 'Expose a port or a range of ports' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l add-host -d 'Add a custom host-to-IP mapping (host:ip, ip may be host-gateway)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l dns -d 'Set custom DNS servers' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l dns-search -d 'Set custom DNS search domains' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l dns-option -d 'Set DNS options' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l security-opt -d 'Security options: seccomp=unconfined|PROFILE.json, no-new-privileges[=true|false], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups[=true|false]' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s m -l memory -d 'Memory limit (e.g. 512m, 1g)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l memory-swap -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l memory-reservation -d 'Memory soft limit' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cpus -d 'Number of CPUs' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s c -l cpu-shares -d 'CPU shares (relative weight)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cpu-quota -d 'Limit CPU CFS (Completely Fair Scheduler) quota' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cpu-period -d 'Limit CPU CFS (Completely Fair Scheduler) period' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cpuset-cpus -d 'CPUs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cpuset-mems -d 'MEMs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l pids-limit -d 'Tune container pids limit (set -1 for unlimited)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l ulimit -d 'Ulimit options (NAME=SOFT[:HARD])' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l shm-size -d 'Size of /dev/shm' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l device -d 'Add a host device to the container (HOST[:CONTAINER][:PERMS])' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l group-add -d 'Add additional groups to join' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l memory-swappiness -d 'Tune container memory swappiness (0 to 100, -1 for the default)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l oom-score-adj -d 'Tune host\'s OOM preferences (-1000 to 1000)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l device-cgroup-rule -d 'Add a rule to the cgroup allowed devices list (\'c 1:3 rwm\', \'*\' for any number)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cap-add -d 'Add Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l cap-drop -d 'Drop Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l restart -d 'Restart policy to apply when a container exits: no, always, on-failure[:N], unless-stopped' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l stop-signal -d 'Signal to stop the container (name or number; default: the image\'s, else SIGTERM)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l stop-timeout -d 'Timeout (in seconds) to stop a container (default 10; -1 waits forever)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l health-cmd -d 'Command to run to check health' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l health-interval -d 'Time between running the check (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l health-timeout -d 'Maximum time to allow one check to run (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l health-retries -d 'Consecutive failures needed to report unhealthy (default 3)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l health-start-period -d 'Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l pull -d 'Pull the image before creating: missing, always or never' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l platform -d 'Platform of the image (os/arch[/variant])' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand run" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand run" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand run" -l help -d 'Print help (`-h` is `--hostname`, as in Docker)'
complete -c linnet -n "__fish_linnet_using_subcommand run" -s d -l detach -d 'Run the container in the background and print its ID'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l rm -d 'Remove the container when it exits'
complete -c linnet -n "__fish_linnet_using_subcommand run" -s i -l interactive -d 'Keep STDIN open'
complete -c linnet -n "__fish_linnet_using_subcommand run" -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c linnet -n "__fish_linnet_using_subcommand run" -s P -l publish-all -d 'Publish all exposed ports to random host ports'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l oom-kill-disable -d 'Disable OOM Killer'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l privileged -d 'Give extended privileges to this container'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c linnet -n "__fish_linnet_using_subcommand run" -s q -l quiet -d 'Suppress the pull output'
complete -c linnet -n "__fish_linnet_using_subcommand run" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l name -d 'Assign a name to the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to copy it from this environment)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l env-file -d 'Read environment variables from a file' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand create" -s w -l workdir -d 'Working directory inside the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s u -l user -d 'Username or UID (format: <name|uid>[:<group|gid>])' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l entrypoint -d 'Overwrite the default ENTRYPOINT of the image' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s h -l hostname -d 'Container host name' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s v -l volume -d 'Bind mount a host path or a volume (SRC:DST[:OPTS]), or make an anonymous volume (DST)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l mount -d 'Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...[,readonly])' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l tmpfs -d 'Mount a tmpfs directory (PATH[:OPTS], e.g. /run:rw,size=64m)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l network -d 'Connect a container to a network: bridge, host, none, NAME or container:NAME' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l ip -d 'IPv4 address on a user network with a subnet of its own' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l network-alias -d 'Add a network-scoped alias for the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s p -l publish -d 'Publish a container\'s port(s) to the host ([IP:][HOST_PORT:]CONTAINER_PORT[/PROTO])' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l expose -d 'Expose a port or a range of ports' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l add-host -d 'Add a custom host-to-IP mapping (host:ip, ip may be host-gateway)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l dns -d 'Set custom DNS servers' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l dns-search -d 'Set custom DNS search domains' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l dns-option -d 'Set DNS options' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l security-opt -d 'Security options: seccomp=unconfined|PROFILE.json, no-new-privileges[=true|false], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups[=true|false]' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s m -l memory -d 'Memory limit (e.g. 512m, 1g)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l memory-swap -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l memory-reservation -d 'Memory soft limit' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cpus -d 'Number of CPUs' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s c -l cpu-shares -d 'CPU shares (relative weight)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cpu-quota -d 'Limit CPU CFS (Completely Fair Scheduler) quota' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cpu-period -d 'Limit CPU CFS (Completely Fair Scheduler) period' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cpuset-cpus -d 'CPUs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cpuset-mems -d 'MEMs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l pids-limit -d 'Tune container pids limit (set -1 for unlimited)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l ulimit -d 'Ulimit options (NAME=SOFT[:HARD])' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l shm-size -d 'Size of /dev/shm' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l device -d 'Add a host device to the container (HOST[:CONTAINER][:PERMS])' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l group-add -d 'Add additional groups to join' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l memory-swappiness -d 'Tune container memory swappiness (0 to 100, -1 for the default)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l oom-score-adj -d 'Tune host\'s OOM preferences (-1000 to 1000)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l device-cgroup-rule -d 'Add a rule to the cgroup allowed devices list (\'c 1:3 rwm\', \'*\' for any number)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cap-add -d 'Add Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l cap-drop -d 'Drop Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l restart -d 'Restart policy to apply when a container exits: no, always, on-failure[:N], unless-stopped' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l stop-signal -d 'Signal to stop the container (name or number; default: the image\'s, else SIGTERM)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l stop-timeout -d 'Timeout (in seconds) to stop a container (default 10; -1 waits forever)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l health-cmd -d 'Command to run to check health' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l health-interval -d 'Time between running the check (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l health-timeout -d 'Maximum time to allow one check to run (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l health-retries -d 'Consecutive failures needed to report unhealthy (default 3)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l health-start-period -d 'Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l pull -d 'Pull the image before creating: missing, always or never' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l platform -d 'Platform of the image (os/arch[/variant])' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand create" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand create" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand create" -l help -d 'Print help (`-h` is `--hostname`, as in Docker)'
complete -c linnet -n "__fish_linnet_using_subcommand create" -s i -l interactive -d 'Keep STDIN open'
complete -c linnet -n "__fish_linnet_using_subcommand create" -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c linnet -n "__fish_linnet_using_subcommand create" -s P -l publish-all -d 'Publish all exposed ports to random host ports'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l oom-kill-disable -d 'Disable OOM Killer'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l privileged -d 'Give extended privileges to this container'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c linnet -n "__fish_linnet_using_subcommand create" -s q -l quiet -d 'Suppress the pull output'
complete -c linnet -n "__fish_linnet_using_subcommand create" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand start" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand start" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand start" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand start" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand start" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand start" -s a -l attach -d 'Attach STDOUT/STDERR and forward signals'
complete -c linnet -n "__fish_linnet_using_subcommand start" -s i -l interactive -d 'Attach the container\'s STDIN'
complete -c linnet -n "__fish_linnet_using_subcommand start" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand start" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand stop" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c linnet -n "__fish_linnet_using_subcommand stop" -s s -l signal -d 'Signal to send instead of the image\'s stop signal' -r
complete -c linnet -n "__fish_linnet_using_subcommand stop" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand stop" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand stop" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand stop" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand stop" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand stop" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand restart" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c linnet -n "__fish_linnet_using_subcommand restart" -s s -l signal -d 'Signal to send instead of the container\'s stop signal' -r
complete -c linnet -n "__fish_linnet_using_subcommand restart" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand restart" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand restart" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand restart" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand restart" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand restart" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand kill" -s s -l signal -d 'Signal to send (name or number)' -r
complete -c linnet -n "__fish_linnet_using_subcommand kill" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand kill" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand kill" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand kill" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand kill" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand kill" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand rm" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand rm" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand rm" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand rm" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand rm" -s f -l force -d 'Force the removal of a running container (uses SIGKILL)'
complete -c linnet -n "__fish_linnet_using_subcommand rm" -s v -l volumes -d 'Remove anonymous volumes associated with the container'
complete -c linnet -n "__fish_linnet_using_subcommand rm" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand rm" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s n -l last -d 'Show the n last created containers (includes all states)' -r
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.ID}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s f -l filter -d 'Filter output based on conditions provided (id, name, label, status, exited, ancestor, before, since, volume, network, health, publish, expose, isolation, is-task)' -r
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s a -l all -d 'Show all containers (default shows just running)'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s q -l quiet -d 'Only display container IDs'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l no-trunc -d 'Don\'t truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s l -l latest -d 'Show only the latest created container'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s s -l size -d 'Display total file sizes'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand ps" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand logs" -s n -l tail -d 'Number of lines to show from the end of the logs ("all" for every line)' -r
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l since -d 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' -r
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l until -d 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' -r
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand logs" -s f -l follow -d 'Follow log output'
complete -c linnet -n "__fish_linnet_using_subcommand logs" -s t -l timestamps -d 'Show timestamps'
complete -c linnet -n "__fish_linnet_using_subcommand logs" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand logs" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s e -l env -d 'Set environment variables' -r
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l env-file -d 'Read in a file of environment variables' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s w -l workdir -d 'Working directory inside the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s u -l user -d 'Username or UID (format: <name|uid>[:<group|gid>])' -r
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s i -l interactive -d 'Keep STDIN open'
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s d -l detach -d 'Detached mode: run the command in the background'
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l privileged -d 'Give extended privileges to the command'
complete -c linnet -n "__fish_linnet_using_subcommand exec" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand exec" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l sig-proxy -d 'Proxy all received signals to the process' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l no-stdin -d 'Do not attach STDIN'
complete -c linnet -n "__fish_linnet_using_subcommand attach" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand attach" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand wait" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand wait" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand wait" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand wait" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand wait" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand wait" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -l type -d 'Only inspect objects of this type: container, image or volume' -r
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -s f -l format -d 'Format the output using a Go-style template such as \'{{.State.Status}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand update" -s m -l memory -d 'Memory limit (e.g. 512m, 1g)' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l memory-swap -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l memory-reservation -d 'Memory soft limit' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l cpus -d 'Number of CPUs' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -s c -l cpu-shares -d 'CPU shares (relative weight)' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l cpu-quota -d 'Limit CPU CFS (Completely Fair Scheduler) quota' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l cpu-period -d 'Limit CPU CFS (Completely Fair Scheduler) period' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l cpuset-cpus -d 'CPUs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l cpuset-mems -d 'MEMs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l pids-limit -d 'Tune container pids limit (set -1 for unlimited)' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand update" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand update" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand update" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand update" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand port" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand port" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand port" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand port" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand port" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand port" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand cp" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand cp" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand cp" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand cp" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand cp" -s a -l archive -d 'Archive mode (copy all uid/gid information)'
complete -c linnet -n "__fish_linnet_using_subcommand cp" -s L -l follow-link -d 'Always follow symbol link in SRC_PATH'
complete -c linnet -n "__fish_linnet_using_subcommand cp" -s q -l quiet -d 'Suppress progress output during copy (linnet prints none)'
complete -c linnet -n "__fish_linnet_using_subcommand cp" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand cp" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand pause" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand pause" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand pause" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand pause" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand pause" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand pause" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand unpause" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand unpause" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand unpause" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand unpause" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand unpause" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand unpause" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand rename" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand rename" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand rename" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand rename" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand rename" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand rename" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand top" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand top" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand top" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand top" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand top" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand top" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l format -d 'Format output: table, json, or a Go template such as \'table {{.Name}}\\t{{.CPUPerc}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand stats" -s a -l all -d 'Show all containers (default shows just running)'
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l no-stream -d 'Disable streaming stats and only pull the first result'
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l no-trunc -d 'Do not truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand stats" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand stats" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand events" -l since -d 'Show all events created since timestamp' -r
complete -c linnet -n "__fish_linnet_using_subcommand events" -l until -d 'Stream events until this timestamp' -r
complete -c linnet -n "__fish_linnet_using_subcommand events" -s f -l filter -d 'Filter output based on conditions provided (type, event, container, image, label)' -r
complete -c linnet -n "__fish_linnet_using_subcommand events" -l format -d 'Format the output using the given Go template (\'json\' for one JSON object per line)' -r
complete -c linnet -n "__fish_linnet_using_subcommand events" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand events" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand events" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand events" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand events" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand events" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand diff" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand diff" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand diff" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand diff" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand diff" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand diff" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand export" -s o -l output -d 'Write to a file, instead of STDOUT' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand export" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand export" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand export" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand export" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand export" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand export" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand commit" -s a -l author -d 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' -r
complete -c linnet -n "__fish_linnet_using_subcommand commit" -s c -l change -d 'Apply Dockerfile instruction to the created image' -r
complete -c linnet -n "__fish_linnet_using_subcommand commit" -s m -l message -d 'Commit message' -r
complete -c linnet -n "__fish_linnet_using_subcommand commit" -s p -l pause -d 'Pause container during commit' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand commit" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand commit" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand commit" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand commit" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand commit" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand commit" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "run" -d 'Create and run a new container from an image'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "create" -d 'Create a new container without starting it'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "start" -d 'Start one or more stopped containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "stop" -d 'Stop one or more running containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "restart" -d 'Restart one or more containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "kill" -d 'Kill one or more running containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "rm" -d 'Remove one or more containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "ls" -d 'List containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "logs" -d 'Fetch the logs of a container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "exec" -d 'Execute a command in a running container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "attach" -d 'Attach local standard input, output, and error streams to a running container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "wait" -d 'Block until containers stop, then print their exit codes'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "inspect" -d 'Display detailed information on containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "update" -d 'Update the resource limits of one or more containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "port" -d 'List port mappings or a specific mapping for the container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "cp" -d 'Copy files/folders between a container and the local filesystem'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "pause" -d 'Pause all processes within one or more containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "unpause" -d 'Unpause all processes within one or more containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "rename" -d 'Rename a container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "top" -d 'Display the running processes of a container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "stats" -d 'Display a live stream of container(s) resource usage statistics'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "prune" -d 'Remove all stopped containers'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "diff" -d 'Inspect changes to files or directories on a container\'s filesystem'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "export" -d 'Export a container\'s filesystem as a tar archive'
complete -c linnet -n "__fish_linnet_using_subcommand container; and not __fish_seen_subcommand_from run create start stop restart kill rm ls logs exec attach wait inspect update port cp pause unpause rename top stats prune diff export commit" -f -a "commit" -d 'Create a new image from a container\'s changes'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l sig-proxy -d 'Proxy received signals to the process' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l name -d 'Assign a name to the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to copy it from this environment)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l env-file -d 'Read environment variables from a file' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s w -l workdir -d 'Working directory inside the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s u -l user -d 'Username or UID (format: <name|uid>[:<group|gid>])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l entrypoint -d 'Overwrite the default ENTRYPOINT of the image' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s h -l hostname -d 'Container host name' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s v -l volume -d 'Bind mount a host path or a volume (SRC:DST[:OPTS]), or make an anonymous volume (DST)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l mount -d 'Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...[,readonly])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l tmpfs -d 'Mount a tmpfs directory (PATH[:OPTS], e.g. /run:rw,size=64m)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l network -d 'Connect a container to a network: bridge, host, none, NAME or container:NAME' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l ip -d 'IPv4 address on a user network with a subnet of its own' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l network-alias -d 'Add a network-scoped alias for the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s p -l publish -d 'Publish a container\'s port(s) to the host ([IP:][HOST_PORT:]CONTAINER_PORT[/PROTO])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l expose -d 'Expose a port or a range of ports' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l add-host -d 'Add a custom host-to-IP mapping (host:ip, ip may be host-gateway)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l dns -d 'Set custom DNS servers' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l dns-search -d 'Set custom DNS search domains' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l dns-option -d 'Set DNS options' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l security-opt -d 'Security options: seccomp=unconfined|PROFILE.json, no-new-privileges[=true|false], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups[=true|false]' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s m -l memory -d 'Memory limit (e.g. 512m, 1g)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l memory-swap -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l memory-reservation -d 'Memory soft limit' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cpus -d 'Number of CPUs' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s c -l cpu-shares -d 'CPU shares (relative weight)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cpu-quota -d 'Limit CPU CFS (Completely Fair Scheduler) quota' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cpu-period -d 'Limit CPU CFS (Completely Fair Scheduler) period' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cpuset-cpus -d 'CPUs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cpuset-mems -d 'MEMs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l pids-limit -d 'Tune container pids limit (set -1 for unlimited)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l ulimit -d 'Ulimit options (NAME=SOFT[:HARD])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l shm-size -d 'Size of /dev/shm' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l device -d 'Add a host device to the container (HOST[:CONTAINER][:PERMS])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l group-add -d 'Add additional groups to join' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l memory-swappiness -d 'Tune container memory swappiness (0 to 100, -1 for the default)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l oom-score-adj -d 'Tune host\'s OOM preferences (-1000 to 1000)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l device-cgroup-rule -d 'Add a rule to the cgroup allowed devices list (\'c 1:3 rwm\', \'*\' for any number)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cap-add -d 'Add Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l cap-drop -d 'Drop Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l restart -d 'Restart policy to apply when a container exits: no, always, on-failure[:N], unless-stopped' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l stop-signal -d 'Signal to stop the container (name or number; default: the image\'s, else SIGTERM)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l stop-timeout -d 'Timeout (in seconds) to stop a container (default 10; -1 waits forever)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l health-cmd -d 'Command to run to check health' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l health-interval -d 'Time between running the check (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l health-timeout -d 'Maximum time to allow one check to run (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l health-retries -d 'Consecutive failures needed to report unhealthy (default 3)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l health-start-period -d 'Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l pull -d 'Pull the image before creating: missing, always or never' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l platform -d 'Platform of the image (os/arch[/variant])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l help -d 'Print help (`-h` is `--hostname`, as in Docker)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s d -l detach -d 'Run the container in the background and print its ID'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l rm -d 'Remove the container when it exits'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s i -l interactive -d 'Keep STDIN open'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s P -l publish-all -d 'Publish all exposed ports to random host ports'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l oom-kill-disable -d 'Disable OOM Killer'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l privileged -d 'Give extended privileges to this container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Suppress the pull output'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from run" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l name -d 'Assign a name to the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to copy it from this environment)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l env-file -d 'Read environment variables from a file' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s w -l workdir -d 'Working directory inside the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s u -l user -d 'Username or UID (format: <name|uid>[:<group|gid>])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l entrypoint -d 'Overwrite the default ENTRYPOINT of the image' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s h -l hostname -d 'Container host name' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s v -l volume -d 'Bind mount a host path or a volume (SRC:DST[:OPTS]), or make an anonymous volume (DST)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l mount -d 'Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...[,readonly])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l tmpfs -d 'Mount a tmpfs directory (PATH[:OPTS], e.g. /run:rw,size=64m)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l network -d 'Connect a container to a network: bridge, host, none, NAME or container:NAME' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l ip -d 'IPv4 address on a user network with a subnet of its own' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l network-alias -d 'Add a network-scoped alias for the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s p -l publish -d 'Publish a container\'s port(s) to the host ([IP:][HOST_PORT:]CONTAINER_PORT[/PROTO])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l expose -d 'Expose a port or a range of ports' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l add-host -d 'Add a custom host-to-IP mapping (host:ip, ip may be host-gateway)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l dns -d 'Set custom DNS servers' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l dns-search -d 'Set custom DNS search domains' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l dns-option -d 'Set DNS options' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l security-opt -d 'Security options: seccomp=unconfined|PROFILE.json, no-new-privileges[=true|false], apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups[=true|false]' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s m -l memory -d 'Memory limit (e.g. 512m, 1g)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l memory-swap -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l memory-reservation -d 'Memory soft limit' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cpus -d 'Number of CPUs' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s c -l cpu-shares -d 'CPU shares (relative weight)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cpu-quota -d 'Limit CPU CFS (Completely Fair Scheduler) quota' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cpu-period -d 'Limit CPU CFS (Completely Fair Scheduler) period' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cpuset-cpus -d 'CPUs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cpuset-mems -d 'MEMs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l pids-limit -d 'Tune container pids limit (set -1 for unlimited)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l ulimit -d 'Ulimit options (NAME=SOFT[:HARD])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l shm-size -d 'Size of /dev/shm' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l device -d 'Add a host device to the container (HOST[:CONTAINER][:PERMS])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l group-add -d 'Add additional groups to join' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l memory-swappiness -d 'Tune container memory swappiness (0 to 100, -1 for the default)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l oom-score-adj -d 'Tune host\'s OOM preferences (-1000 to 1000)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l device-cgroup-rule -d 'Add a rule to the cgroup allowed devices list (\'c 1:3 rwm\', \'*\' for any number)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cap-add -d 'Add Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l cap-drop -d 'Drop Linux capabilities' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l restart -d 'Restart policy to apply when a container exits: no, always, on-failure[:N], unless-stopped' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l stop-signal -d 'Signal to stop the container (name or number; default: the image\'s, else SIGTERM)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l stop-timeout -d 'Timeout (in seconds) to stop a container (default 10; -1 waits forever)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l health-cmd -d 'Command to run to check health' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l health-interval -d 'Time between running the check (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l health-timeout -d 'Maximum time to allow one check to run (ms|s|m|h) (default 30s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l health-retries -d 'Consecutive failures needed to report unhealthy (default 3)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l health-start-period -d 'Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l pull -d 'Pull the image before creating: missing, always or never' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l platform -d 'Platform of the image (os/arch[/variant])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l help -d 'Print help (`-h` is `--hostname`, as in Docker)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s i -l interactive -d 'Keep STDIN open'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s P -l publish-all -d 'Publish all exposed ports to random host ports'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l oom-kill-disable -d 'Disable OOM Killer'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l privileged -d 'Give extended privileges to this container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Suppress the pull output'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from create" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -s a -l attach -d 'Attach STDOUT/STDERR and forward signals'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -s i -l interactive -d 'Attach the container\'s STDIN'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -s s -l signal -d 'Signal to send instead of the image\'s stop signal' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -s s -l signal -d 'Signal to send instead of the container\'s stop signal' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -s s -l signal -d 'Signal to send (name or number)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from kill" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -s f -l force -d 'Force the removal of a running container (uses SIGKILL)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -s v -l volumes -d 'Remove anonymous volumes associated with the container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s n -l last -d 'Show the n last created containers (includes all states)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.ID}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter output based on conditions provided (id, name, label, status, exited, ancestor, before, since, volume, network, health, publish, expose, isolation, is-task)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s a -l all -d 'Show all containers (default shows just running)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only display container IDs'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Don\'t truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s l -l latest -d 'Show only the latest created container'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s s -l size -d 'Display total file sizes'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -s n -l tail -d 'Number of lines to show from the end of the logs ("all" for every line)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l since -d 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l until -d 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -s f -l follow -d 'Follow log output'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -s t -l timestamps -d 'Show timestamps'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s e -l env -d 'Set environment variables' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l env-file -d 'Read in a file of environment variables' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s w -l workdir -d 'Working directory inside the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s u -l user -d 'Username or UID (format: <name|uid>[:<group|gid>])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s i -l interactive -d 'Keep STDIN open'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s d -l detach -d 'Detached mode: run the command in the background'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l privileged -d 'Give extended privileges to the command'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from exec" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l detach-keys -d 'Override the key sequence for detaching a container' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l sig-proxy -d 'Proxy all received signals to the process' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l no-stdin -d 'Do not attach STDIN'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from attach" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from wait" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from wait" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from wait" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from wait" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from wait" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -l type -d 'Only inspect objects of this type: container, image or volume' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Format the output using a Go-style template such as \'{{.State.Status}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -s m -l memory -d 'Memory limit (e.g. 512m, 1g)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l memory-swap -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l memory-reservation -d 'Memory soft limit' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l cpus -d 'Number of CPUs' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -s c -l cpu-shares -d 'CPU shares (relative weight)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l cpu-quota -d 'Limit CPU CFS (Completely Fair Scheduler) quota' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l cpu-period -d 'Limit CPU CFS (Completely Fair Scheduler) period' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l cpuset-cpus -d 'CPUs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l cpuset-mems -d 'MEMs in which to allow execution (0-3, 0,1)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l pids-limit -d 'Tune container pids limit (set -1 for unlimited)' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from port" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from port" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from port" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from port" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from port" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from port" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -s a -l archive -d 'Archive mode (copy all uid/gid information)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -s L -l follow-link -d 'Always follow symbol link in SRC_PATH'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -s q -l quiet -d 'Suppress progress output during copy (linnet prints none)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from cp" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from pause" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from pause" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from pause" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from pause" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from pause" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from unpause" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from unpause" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from unpause" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from unpause" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from unpause" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from unpause" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rename" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rename" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rename" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rename" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rename" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from top" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from top" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from top" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from top" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from top" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from top" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l format -d 'Format output: table, json, or a Go template such as \'table {{.Name}}\\t{{.CPUPerc}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -s a -l all -d 'Show all containers (default shows just running)'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l no-stream -d 'Disable streaming stats and only pull the first result'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l no-trunc -d 'Do not truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -l filter -d 'Provide filter values (until=TIME, label=KEY[=VALUE], label!=KEY[=VALUE])' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not prompt for confirmation'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from diff" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from diff" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from diff" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from diff" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from diff" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to a file, instead of STDOUT' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -s a -l author -d 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -s c -l change -d 'Apply Dockerfile instruction to the created image' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -s m -l message -d 'Commit message' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -s p -l pause -d 'Pause container during commit' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand container; and __fish_seen_subcommand_from commit" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l platform -d 'Platform to pull (os/arch[/variant]); repeatable. Default: this machine\'s' -r
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l soci-index-digest -d 'SOCI index to use for lazy loading instead of discovering it (sha256:...)' -r
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l all-platforms -d 'Pull content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand pull" -s q -l quiet -d 'Suppress progress output; print the image name only'
complete -c linnet -n "__fish_linnet_using_subcommand pull" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand pull" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand push" -l platform -d 'Push only this platform\'s manifest (os/arch[/variant]); repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand push" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand push" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand push" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand push" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand push" -l all-platforms -d 'Push content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand push" -s q -l quiet -d 'Suppress progress output'
complete -c linnet -n "__fish_linnet_using_subcommand push" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand push" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand images" -s f -l filter -d 'Filter output (dangling=true|false, reference=PATTERN, label=KEY[=VALUE], before=IMAGE, since=IMAGE)' -r
complete -c linnet -n "__fish_linnet_using_subcommand images" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.Repository}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand images" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand images" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand images" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand images" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand images" -s q -l quiet -d 'Only show image IDs'
complete -c linnet -n "__fish_linnet_using_subcommand images" -l no-trunc -d 'Don\'t truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand images" -l digests -d 'Show digests'
complete -c linnet -n "__fish_linnet_using_subcommand images" -s a -l all -d 'Show all images (default hides intermediate images; linnet makes none, so the lists agree)'
complete -c linnet -n "__fish_linnet_using_subcommand images" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand images" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand tag" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand tag" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand tag" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand tag" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand tag" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand tag" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -s f -l force -d 'Remove the image even if containers use it'
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand rmi" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand save" -s o -l output -d 'Write to a file instead of STDOUT' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand save" -l platform -d 'Save this platform only (os/arch[/variant]); repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand save" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand save" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand save" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand save" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand save" -l all-platforms -d 'Save content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand save" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand save" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand load" -s i -l input -d 'Read from a tar archive file instead of STDIN' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand load" -l platform -d 'Load this platform only; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand load" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand load" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand load" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand load" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand load" -s q -l quiet -d 'Suppress the load output'
complete -c linnet -n "__fish_linnet_using_subcommand load" -l all-platforms -d 'Load content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand load" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand load" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand import" -s c -l change -d 'Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)' -r
complete -c linnet -n "__fish_linnet_using_subcommand import" -s m -l message -d 'Set the commit message (stored in the history)' -r
complete -c linnet -n "__fish_linnet_using_subcommand import" -l platform -d 'Platform of the image (os/arch[/variant]). Default: this machine\'s' -r
complete -c linnet -n "__fish_linnet_using_subcommand import" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand import" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand import" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand import" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand import" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand import" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand history" -s H -l human -d 'Print sizes and dates in human readable format' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand history" -l format -d 'Format output: table, json, or a Go template such as \'{{.ID}}: {{.CreatedBy}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand history" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand history" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand history" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand history" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand history" -l no-trunc -d 'Don\'t truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand history" -s q -l quiet -d 'Only show image IDs'
complete -c linnet -n "__fish_linnet_using_subcommand history" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand history" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "pull" -d 'Download an image from a registry'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "push" -d 'Upload an image to a registry'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "ls" -d 'List images'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "tag" -d 'Create a tag TARGET that refers to SOURCE'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "rm" -d 'Remove one or more images'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "inspect" -d 'Display detailed information on images'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "save" -d 'Save images to a tar archive'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "load" -d 'Load images from a tar archive'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "import" -d 'Import a root filesystem tarball as an image'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "convert" -d 'Convert an image (`--soci`: add a SOCI index for lazy loading)'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "history" -d 'Show the history of an image'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "lazy-status" -d 'Show which layers are loaded lazily and how much of them has been fetched'
complete -c linnet -n "__fish_linnet_using_subcommand image; and not __fish_seen_subcommand_from pull push ls tag rm inspect save load import convert history lazy-status prune" -f -a "prune" -d 'Remove unused images'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l platform -d 'Platform to pull (os/arch[/variant]); repeatable. Default: this machine\'s' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l soci-index-digest -d 'SOCI index to use for lazy loading instead of discovering it (sha256:...)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l all-platforms -d 'Pull content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Suppress progress output; print the image name only'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l platform -d 'Push only this platform\'s manifest (os/arch[/variant]); repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l all-platforms -d 'Push content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Suppress progress output'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter output (dangling=true|false, reference=PATTERN, label=KEY[=VALUE], before=IMAGE, since=IMAGE)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.Repository}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only show image IDs'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Don\'t truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l digests -d 'Show digests'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -s a -l all -d 'Show all images (default hides intermediate images; linnet makes none, so the lists agree)'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from tag" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from tag" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from tag" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from tag" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from tag" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -s f -l force -d 'Remove the image even if containers use it'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Format the output using a Go-style template such as \'{{.Id}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -s o -l output -d 'Write to a file instead of STDOUT' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l platform -d 'Save this platform only (os/arch[/variant]); repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l all-platforms -d 'Save content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -s i -l input -d 'Read from a tar archive file instead of STDIN' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l platform -d 'Load this platform only; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -s q -l quiet -d 'Suppress the load output'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l all-platforms -d 'Load content for all platforms'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -s c -l change -d 'Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -s m -l message -d 'Set the commit message (stored in the history)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -l platform -d 'Platform of the image (os/arch[/variant]). Default: this machine\'s' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l soci-span-size -d 'Span size of the ztocs in bytes (soci\'s --span-size)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l soci-min-layer-size -d 'Layers smaller than this get no ztoc (soci\'s --min-layer-size)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l soci-index-version -d 'SOCI index manifest version: v2 (a new image index carries it) or v1 (linked by subject)' -r -f -a "v1\t''
v2\t''"
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l platform -d 'Convert this platform\'s manifest (os/arch[/variant]); repeatable or comma-separated' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l soci -d 'Convert to a SOCI-enabled image (build ztocs and a SOCI index)'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l all-platforms -d 'Convert every platform of the image'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l oci -d 'Write OCI media types (always the case for SOCI conversion; accepted for nerdctl scripts)'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -s q -l quiet -d 'Print only the digest of the converted image'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from convert" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -s H -l human -d 'Print sizes and dates in human readable format' -r -f -a "true\t''
false\t''"
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l format -d 'Format output: table, json, or a Go template such as \'{{.ID}}: {{.CreatedBy}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l no-trunc -d 'Don\'t truncate output'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Only show image IDs'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from lazy-status" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -l filter -d 'Provide filter values (until=TIME, label=KEY[=VALUE], label!=KEY[=VALUE], dangling=BOOL)' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -s a -l all -d 'Remove all unused images, not just dangling ones'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not prompt for confirmation'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand image; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -f -a "index" -d 'SOCI indexes'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and not __fish_seen_subcommand_from index ztoc" -f -a "ztoc" -d 'ztocs (per-layer tables of contents)'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -f -a "list" -d 'List the SOCI indexes of all images, or of one image'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from index" -f -a "info" -d 'Print a SOCI index (JSON)'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -f -a "info" -d 'Show a ztoc: version, build tool, sizes, spans and the file table'
complete -c linnet -n "__fish_linnet_using_subcommand soci; and __fish_seen_subcommand_from ztoc" -f -a "get-file" -d 'Extract one file of a layer through its ztoc (to check the ztoc against the layer)'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "create" -d 'Create a network'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "ls" -d 'List networks'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "inspect" -d 'Display detailed information on one or more networks'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "rm" -d 'Remove one or more networks'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "prune" -d 'Remove all unused networks'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "connect" -d 'Connect a container to a network'
complete -c linnet -n "__fish_linnet_using_subcommand network; and not __fish_seen_subcommand_from create ls inspect rm prune connect disconnect" -f -a "disconnect" -d 'Disconnect a container from a network'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -s d -l driver -d 'Driver to manage the network (only `bridge`)' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l subnet -d 'Subnet in CIDR format (IPv4)' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l gateway -d 'Gateway for the subnet' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l ip-range -d 'Allocate container addresses from a sub-range' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l label -d 'Set metadata on the network (key=value)' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -s o -l opt -d 'Set driver options (`com.docker.network.driver.mtu`)' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l internal -d 'Restrict external access to the network'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l attachable -d 'Accepted for compatibility (every linnet network is attachable)'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter output (driver=, id=, label=, name=, scope=, type=custom|builtin, dangling=)' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.Name}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only display network IDs'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Do not truncate the output'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Format output using a Go-style template' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -s f -l force -d 'Do not error if the network does not exist'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -l filter -d 'Only prune networks matching label=KEY[=VALUE]' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not prompt for confirmation'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l ip -d 'IPv4 address (networks created with --subnet only)' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l alias -d 'Add network-scoped alias for the container' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from connect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -s f -l force -d 'Force the container to disconnect from a network (also when the plugins fail to undo it)'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand network; and __fish_seen_subcommand_from disconnect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -f -a "create" -d 'Create a volume'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -f -a "ls" -d 'List volumes'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -f -a "inspect" -d 'Display detailed information on one or more volumes'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -f -a "rm" -d 'Remove one or more volumes'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and not __fish_seen_subcommand_from create ls inspect rm prune" -f -a "prune" -d 'Remove all unused local volumes'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -s d -l driver -d 'Volume driver name (only `local`)' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -l label -d 'Set metadata for a volume (key=value)' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -s o -l opt -d 'Set driver specific options (type=, device=, o=)' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter output (dangling=true|false, driver=, label=KEY[=VALUE], name=)' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.Name}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only display volume names'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Format output using a Go-style template' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -s f -l force -d 'Do not error if the volume does not exist'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -l filter -d 'Only prune volumes matching label=KEY[=VALUE]' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not prompt for confirmation'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand volume; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand login" -s u -l username -d 'Username' -r
complete -c linnet -n "__fish_linnet_using_subcommand login" -s p -l password -d 'Password' -r
complete -c linnet -n "__fish_linnet_using_subcommand login" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand login" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand login" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand login" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand login" -l password-stdin -d 'Take the password from STDIN'
complete -c linnet -n "__fish_linnet_using_subcommand login" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand login" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand logout" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand logout" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand logout" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand logout" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand logout" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand logout" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -f -a "start" -d 'Start linnet\'s containerd (a no-op when it is running)'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -f -a "stop" -d 'Stop linnet\'s containerd'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -f -a "status" -d 'Show whether linnet\'s containerd runs, with its socket, version and log file'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -f -a "df" -d 'Show linnet disk usage'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -f -a "prune" -d 'Remove unused data'
complete -c linnet -n "__fish_linnet_using_subcommand system; and not __fish_seen_subcommand_from start stop status df prune info" -f -a "info" -d 'Display system-wide information'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from start" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from start" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from start" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from start" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from start" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from stop" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from stop" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from stop" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from stop" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from stop" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from status" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from status" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from status" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from status" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from status" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -l format -d 'Format output: table, json, or a Go-style template such as \'{{.Type}}\'' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -s v -l verbose -d 'Show detailed information on space usage'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from df" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l filter -d 'Provide filter values (until=TIME, label=KEY[=VALUE], label!=KEY[=VALUE])' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -s a -l all -d 'Remove all unused images not just dangling ones'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not prompt for confirmation'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l volumes -d 'Prune anonymous volumes'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -s f -l format -d 'Format output using a Go-style template such as \'{{.ServerVersion}}\', or json' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand system; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand info" -s f -l format -d 'Format output using a Go-style template such as \'{{.ServerVersion}}\', or json' -r
complete -c linnet -n "__fish_linnet_using_subcommand info" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand info" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand info" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand info" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand info" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand info" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand version" -s f -l format -d 'Format output: json or a template' -r
complete -c linnet -n "__fish_linnet_using_subcommand version" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand version" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand version" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand version" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand version" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand version" -s h -l help -d 'Print help'
complete -c linnet -n "__fish_linnet_using_subcommand completion" -l data-root -d 'Root of linnet\'s persistent data (managed containerd, container logs)' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand completion" -l snapshotter -d 'containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy loading of SOCI images) with the managed containerd, `overlayfs` with --address' -r
complete -c linnet -n "__fish_linnet_using_subcommand completion" -l insecure-registry -d 'Use plain HTTP (or HTTPS without verification) for this registry host; repeatable' -r
complete -c linnet -n "__fish_linnet_using_subcommand completion" -l hosts-dir -d 'Directories holding `<host>/ca.crt` registry certificates (containerd\'s certs.d); repeatable' -r -F
complete -c linnet -n "__fish_linnet_using_subcommand completion" -l debug -d 'Print debug logs on stderr'
complete -c linnet -n "__fish_linnet_using_subcommand completion" -s h -l help -d 'Print help'

# Names of containers, images, networks and volumes come from linnet itself.
function __fish_linnet_names
    set -l words (commandline -opc)
    $words[1] _complete -- $words[2..-1] 2>/dev/null
end
complete -c linnet -f -n '__fish_linnet_names >/dev/null' -a '(__fish_linnet_names)'

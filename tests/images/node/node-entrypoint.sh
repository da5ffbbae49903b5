#!/bin/bash
# Starts the registry, then the engine in the foreground. The engine also listens on /run/infra-swarm/docker.sock
# when the tier mounts that directory from the machine running the tests.
set -euo pipefail
# cgroup v1 hierarchies arrive read-only in a container that is not --privileged.
if [[ ! -f /sys/fs/cgroup/cgroup.controllers ]]; then
  for controller in /sys/fs/cgroup/*/; do mount -o remount,bind,rw "$controller"; done
fi
docker-registry serve /etc/docker/registry/config.yml >/var/log/registry.log 2>&1 &
hosts=(-H unix:///var/run/docker.sock)
if [[ -d /run/infra-swarm ]]; then hosts+=(-H unix:///run/infra-swarm/docker.sock); fi
exec dockerd "${hosts[@]}" --storage-driver overlay2 --log-level warn "$@"

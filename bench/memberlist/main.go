// memberlist-idle: N hashicorp/memberlist members in one process on loopback, with memberlist's LAN defaults
// (probe 1 s, gossip 200 ms to 3, push-pull 30 s), joined and then left idle: the comparison for Starling's idle
// cost (bench/results/idle.md). Build with Debian's golang-go and golang-github-hashicorp-memberlist-dev:
//   GO111MODULE=off GOPATH=/usr/share/gocode go build -o /tmp/memberlist-idle bench/memberlist/main.go
// Run: /tmp/memberlist-idle -nodes 100 -base-port 17400 -duration 130s
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/memberlist"
)

func main() {
	nodes := flag.Int("nodes", 100, "members in this process")
	basePort := flag.Int("base-port", 17400, "first UDP/TCP port; member i binds base-port + i")
	duration := flag.Duration("duration", 130*time.Second, "how long to run")
	flag.Parse()

	members := make([]*memberlist.Memberlist, 0, *nodes)
	for i := 0; i < *nodes; i++ {
		cfg := memberlist.DefaultLANConfig()
		cfg.Name = "m" + strconv.Itoa(i)
		cfg.BindAddr = "127.0.0.1"
		cfg.BindPort = *basePort + i
		cfg.AdvertisePort = cfg.BindPort
		cfg.LogOutput = io.Discard
		m, err := memberlist.Create(cfg)
		if err != nil {
			log.Fatalf("member %d: %v", i, err)
		}
		if i > 0 {
			if _, err := m.Join([]string{"127.0.0.1:" + strconv.Itoa(*basePort)}); err != nil {
				log.Fatalf("member %d join: %v", i, err)
			}
		}
		members = append(members, m)
	}
	start := time.Now()
	for time.Since(start) < *duration {
		time.Sleep(5 * time.Second)
		fmt.Fprintf(os.Stdout, "t=%.0fs members seen by m0: %d\n", time.Since(start).Seconds(), members[0].NumMembers())
	}
	for _, m := range members {
		m.Shutdown()
	}
}

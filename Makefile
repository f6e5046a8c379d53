# Switchboard build, test and install.
#
#   make                 release build of the daemon and the product plugins
#   make check           install build/test packages (Debian, as root), build, run every test suite
#   make install         DESTDIR=... PREFIX=... (see the install-* variables below)
#   make demo            (root) a cable, a DHCP server and a modem in namespaces; a connmanctl session fails over and back
#   make run             run the daemon from the build tree on a private bus (for trying it out)
#   make bench           benchmarks (bench/): D-Bus call latency through the daemon, its memory
#   make bench-wifi      Wi-Fi Connect() to online, switchboardd vs iwd, in the VM (bench/wifi_connect.py)
#   make bench-dpp       DPP over TCP: a switchboard-dpp pair against a wpa_supplicant/hostapd pair
#   make bench-provisioning  DPP over the air, start to enrollee online, switchboardd vs hostapd+wpa_supplicant, in the VM
#   make fuzz            every fuzz target under libFuzzer for FUZZ_TIME seconds each (Tests/Fuzz/README.md)
#   make wifi-tests      the Wi-Fi suite (Tests/wifi) in one QEMU VM with simulated radios (Tests/vm/vm_run.py)

SHELL          := /bin/bash
.SHELLFLAGS    := -o pipefail -c
SWIFT          ?= swift
PREFIX         ?= /usr/local
SYSCONFDIR     ?= /etc
DATADIR        ?= $(PREFIX)/share
LIBDIR         ?= $(PREFIX)/lib
INCLUDEDIR     ?= $(PREFIX)/include
SBINDIR        ?= $(PREFIX)/sbin
BINDIR         ?= $(PREFIX)/bin
PLUGINDIR      ?= $(LIBDIR)/switchboard/plugins
SYSTEMDUNITDIR ?= $(LIBDIR)/systemd/system
DBUSPOLICYDIR  ?= $(DATADIR)/dbus-1/system.d
CONFIGURATION  ?= release

# Product plugins (SwiftPM dynamic-library products), installed as NAME.so.
# Each bearer/provisioning issue adds its plugin here.
PLUGINS        ?= cellular ethernet wifi dpp pkex

# Debian packages the build and the tests need.
APT_PACKAGES = pkg-config gcc make libdbus-1-dev libnl-genl-3-dev libnl-route-3-dev libssl-dev libltdl-dev \
               dbus-daemon dbus-bin iproute2 python3-dbus python3-gi python3-pytest connman \
               dnsmasq-base ethtool wpasupplicant hostapd \
               qemu-system-x86 busybox-static kmod linux-image-amd64 iw wireless-regdb iwd \
               libreadline-dev gpgv debian-archive-keyring

# Fuzz targets of switchboard-fuzz (Tests/Fuzz/README.md), each with a seed corpus in Tests/Fuzz/corpus/NAME.
FUZZ_TARGETS    = dhcp uri frame gas json dpp-session pkex-session nl80211 eapol dns-answer http-head http-url
FUZZ_TIME      ?= 60
# The bounded libFuzzer run of `make check`, per target.
CHECK_FUZZ_TIME ?= 15
FUZZ_BUILD      = .build-fuzz

BIN_DIR         = $(shell $(SWIFT) build -c $(CONFIGURATION) --show-bin-path)
DEBUG_BIN_DIR   = $(shell $(SWIFT) build --show-bin-path)
TEST_PLUGIN_DIR = $(shell $(SWIFT) build --package-path Tests/Plugins --show-bin-path)
CHECK_ROOT      = .build/check-root
# iwctl of iwd 3 (Debian 12's has no `pkex` commands), built from Debian 13's verified source (Tests/tools/build_iwctl.py).
IWCTL3          = .build/tools/iwctl
# The Wi-Fi suite's VM: radios (mac80211_hwsim) and a bound on the whole run.
WIFI_RADIOS    ?= 4
WIFI_TIMEOUT   ?= 900

.PHONY: all build deps check check-build unit-tests fuzz-replay fuzz-build fuzz fuzz-check integration-tests \
        wifi-tests install demo run bench bench-wifi bench-dpp bench-provisioning clean

all: build

build:
	$(SWIFT) build -c $(CONFIGURATION)

# Installs missing Debian packages (needs root); a no-op when all are present.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root to install:" $$missing >&2; exit 1; fi; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Debug build of everything, failing on any compiler warning in our own code.
check-build: deps
	mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee .build/check-build.log
	@if grep -E "^$(CURDIR)/(Sources|Plugins|Tests)/.*warning:" .build/check-build.log; then \
		echo "error: compiler warnings in Switchboard code (see above)" >&2; exit 1; fi
	for p in sbtest-probe-c sbtest-probe-swift sbtest-wifi sbtest-provision; do \
		$(SWIFT) build --package-path Tests/Plugins --product $$p || exit 1; done 2>&1 | tee .build/check-plugins.log
	@if grep -E "^$(CURDIR)/Tests/Plugins/.*warning:" .build/check-plugins.log; then \
		echo "error: compiler warnings in the test plugins (see above)" >&2; exit 1; fi
	rm -rf $(CHECK_ROOT)
	$(MAKE) --no-print-directory install CONFIGURATION=debug DESTDIR=$(CURDIR)/$(CHECK_ROOT) PREFIX=/usr

unit-tests: check-build
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory fuzz-replay

# Every fuzz target's corpus through the debug build: each seed and each past crash input.
fuzz-replay:
	$(SWIFT) build --product switchboard-fuzz
	for t in $(FUZZ_TARGETS); do $(DEBUG_BIN_DIR)/switchboard-fuzz --target=$$t Tests/Fuzz/corpus/$$t/* || exit 1; done

# The libFuzzer + AddressSanitizer build, in its own build path (flags: Tests/Fuzz/README.md).
fuzz-build: deps
	$(SWIFT) build --build-path $(FUZZ_BUILD) --product switchboard-fuzz -c release \
		--sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZ_LIBFUZZER

# Each target under libFuzzer for FUZZ_TIME seconds; fails on any crash, keeping the input under $(FUZZ_BUILD)/artifacts.
fuzz: fuzz-build
	Tests/Fuzz/run_fuzzers.sh $(FUZZ_BUILD)/release/switchboard-fuzz $(FUZZ_TIME) $(FUZZ_BUILD) $(FUZZ_TARGETS)

# The bounded real fuzzing `make check` runs.
fuzz-check:
	$(MAKE) --no-print-directory fuzz FUZZ_TIME=$(CHECK_FUZZ_TIME)

$(IWCTL3): | deps
	/usr/bin/python3 Tests/tools/build_iwctl.py $@

integration-tests: check-build $(IWCTL3)
	SWITCHBOARD_BIN_DIR=$(DEBUG_BIN_DIR) SWITCHBOARD_TEST_PLUGIN_DIR=$(TEST_PLUGIN_DIR) \
	SWITCHBOARD_SDK_INCLUDE=$(CURDIR)/$(CHECK_ROOT)/usr/include SWITCHBOARD_IWCTL3=$(CURDIR)/$(IWCTL3) \
		/usr/bin/python3 -m pytest -q -p no:cacheprovider Tests/integration

# The same variables as integration-tests, so Wi-Fi tests can start switchboardd inside the VM;
# a test stuck for 2 minutes prints every thread's stack before the VM's bound ends the run.
wifi-tests: check-build $(IWCTL3)
	SWITCHBOARD_BIN_DIR=$(DEBUG_BIN_DIR) SWITCHBOARD_TEST_PLUGIN_DIR=$(TEST_PLUGIN_DIR) \
	SWITCHBOARD_SDK_INCLUDE=$(CURDIR)/$(CHECK_ROOT)/usr/include SWITCHBOARD_IWCTL3=$(CURDIR)/$(IWCTL3) \
		/usr/bin/python3 Tests/vm/vm_run.py --verbose --radios $(WIFI_RADIOS) --timeout $(WIFI_TIMEOUT) -- \
		/usr/bin/python3 -m pytest -q -p no:cacheprovider -o faulthandler_timeout=120 Tests/wifi

check: unit-tests fuzz-check integration-tests wifi-tests

install:
	$(SWIFT) build -c $(CONFIGURATION)
	install -D -m 0755 $(BIN_DIR)/switchboardd $(DESTDIR)$(SBINDIR)/switchboardd
	install -D -m 0755 $(BIN_DIR)/switchboard-dpp $(DESTDIR)$(BINDIR)/switchboard-dpp
	@for p in $(PLUGINS); do \
		echo install -D -m 0755 $(BIN_DIR)/lib$$p.so $(DESTDIR)$(PLUGINDIR)/$$p.so; \
		install -D -m 0755 $(BIN_DIR)/lib$$p.so $(DESTDIR)$(PLUGINDIR)/$$p.so || exit 1; \
	done
	install -d $(DESTDIR)$(PLUGINDIR)
	@for h in Sources/PluginABI/include/switchboard/*.h; do \
		echo install -D -m 0644 $$h $(DESTDIR)$(INCLUDEDIR)/switchboard/$$(basename $$h); \
		install -D -m 0644 $$h $(DESTDIR)$(INCLUDEDIR)/switchboard/$$(basename $$h) || exit 1; \
	done
	sed -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@PLUGINDIR@|$(PLUGINDIR)|' dist/switchboard-plugin.pc.in \
		| install -D -m 0644 /dev/stdin $(DESTDIR)$(DATADIR)/pkgconfig/switchboard-plugin.pc
	install -D -m 0644 config/main.conf $(DESTDIR)$(SYSCONFDIR)/switchboard/main.conf
	install -D -m 0644 dist/switchboard-dbus.conf $(DESTDIR)$(DBUSPOLICYDIR)/switchboard.conf
	sed -e 's|@SBINDIR@|$(SBINDIR)|' dist/switchboard.service.in \
		| install -D -m 0644 /dev/stdin $(DESTDIR)$(SYSTEMDUNITDIR)/switchboard.service

# Runs the daemon from the build tree on a private bus, with debug logs.
# The main job, shown on a fresh machine (root): see demo/demo.py.
demo: deps build
	/usr/bin/python3 demo/demo.py $(BIN_DIR)

run: build
	dbus-run-session -- $(BIN_DIR)/switchboardd --bus session --config config/main.conf --state-dir .build/state --debug

bench: deps build
	mkdir -p .build/bench
	cc -O2 -Wall -Wextra bench/session_client.c $$(pkg-config --cflags --libs dbus-1) -o .build/bench/session_client
	cc -O2 -Wall -Wextra bench/prebuilt_responder.c $$(pkg-config --cflags --libs dbus-1) -o .build/bench/prebuilt_responder
	SWITCHBOARD_BIN_DIR=$(BIN_DIR) /usr/bin/python3 bench/dbus_roundtrip.py
	SWITCHBOARD_BIN_DIR=$(BIN_DIR) SESSION_CLIENT=.build/bench/session_client /usr/bin/python3 bench/sessions.py
	SWITCHBOARD_BIN_DIR=$(BIN_DIR) /usr/bin/python3 bench/ethernet_online.py

# Wi-Fi Connect() -> online vs Debian's iwd, in the VM with simulated radios (ROUNDS=N, PROFILE=1).
bench-wifi: deps build
	SWITCHBOARD_BIN_DIR=$(BIN_DIR) /usr/bin/python3 bench/wifi_connect.py

# DPP Authentication + Configuration over loopback TCP: switchboard-dpp pair vs wpa_supplicant/hostapd (ROUNDS=N).
bench-dpp: deps build
	SWITCHBOARD_BIN_DIR=$(BIN_DIR) /usr/bin/python3 bench/dpp.py

# DPP over the air (bench/provisioning_air.py): StartEnrollee/ConfigureEnrollee to the enrollee on the network (ROUNDS=N).
bench-provisioning: deps build
	SWITCHBOARD_BIN_DIR=$(BIN_DIR) /usr/bin/python3 bench/provisioning_air.py

clean:
	$(SWIFT) package clean
	rm -rf $(CHECK_ROOT) $(FUZZ_BUILD)

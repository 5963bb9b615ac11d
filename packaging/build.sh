#!/usr/bin/env bash
# Builds OTP Verifier's installable packages from the built jar, each with its own Java runtime:
#   Linux:   target/dist/otp-verifier_<version>_amd64.deb and otp-verifier-<version>-linux-x64.tar.gz
#   Windows: target/dist/*.msi (jpackage; needs the WiX Toolset 3 on the PATH)
#   macOS:   target/dist/*.dmg and *.pkg (jpackage)
# Only the Linux packages are built and tested by this project's CI; the others are what jpackage
# makes when this script is run on those systems.
#
# Usage: packaging/build.sh VERSION TARGET_DIRECTORY [JDK_HOME]
#   VERSION           the pom's version (mvn -Ppackage passes it)
#   TARGET_DIRECTORY  Maven's target/, with otp-verifier.jar, classes/ and test-classes/
#   JDK_HOME          a JDK 17 with jmods/ (default: $JAVA_HOME, else the one running `java`)
# Run by `mvn -B -Ppackage -DskipTests verify`.
set -eu -o pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "usage: $0 VERSION TARGET_DIRECTORY [JDK_HOME]" >&2
  exit 2
fi
version=$1
target=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
jdk=${3:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
jar="$target/otp-verifier.jar"
work="$target/package"
dist="$target/dist"
main_class=dev.otpverifier.app.Launcher
# Packages built from the same commit get the same file times (and so the same archive and bytes).
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}

fail() {
  echo "packaging: $*" >&2
  exit 1
}
note() {
  echo "packaging: $*" >&2
}

[ -f "$jar" ] || fail "$jar is missing: build it first (mvn -B -Ppackage -DskipTests verify does)."
[ -f "$target/test-classes/dev/otpverifier/ui/common/AppIconExport.class" ] \
  || fail "$target/test-classes is missing: the icons are drawn by a test-source class (do not use -Dmaven.test.skip)."
[ -d "$jdk/jmods" ] || fail "$jdk has no jmods/ directory, which jlink needs (Debian: apt-get install openjdk-17-jdk-headless)."
grep -q '^JAVA_VERSION="17[."]' "$jdk/release" \
  || fail "$jdk is not a JDK 17: the package's runtime is made from JDK 17, on which its start-up options are measured."

rm -rf "$work" && mkdir -p "$work" "$dist"

# --- The runtime: only the modules the jar needs -------------------------------------------------
# jdeps sees the classes' references; what it cannot see is loaded by name at run time:
#   jdk.crypto.ec       EC keys and curves (TLS with most mail servers; demo mode's keytool -keyalg EC)
#   jdk.security.auth   the configuration file's owner check (com.sun.security.auth.module.UnixSystem)
#   jdk.localedata      times in the window, formatted in the person's own locale (as with a full JDK)
modules=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar")
for module in jdk.crypto.ec jdk.security.auth jdk.localedata; do
  case ",$modules," in
    *",$module,"*) ;;
    *) modules="$modules,$module" ;;
  esac
done
note "runtime modules: $modules"
jlink_options=(--add-modules "$modules" --no-header-files --no-man-pages --strip-debug)
# The JDK's own class-data archive for these modules (it needs the native commands, so no
# --strip-native-commands: the java launcher and keytool, which demo mode runs, stay).
jlink_options+=(--generate-cds-archive)
"$jdk/bin/jlink" "${jlink_options[@]}" --output "$work/runtime" >/dev/null

# --- Icons: drawn by the window's own code (ui.common.AppIcon) ------------------------------------
icon_sizes=(16 22 24 32 48 64 128 256)
"$jdk/bin/java" -Djava.awt.headless=true -cp "$target/classes:$target/test-classes" \
  dev.otpverifier.ui.common.AppIconExport "$work/icons" "${icon_sizes[@]}"

# Debian versions sort "~" before anything: 1.2.0~snapshot comes before the release 1.2.0.
debian_version() {
  local v
  v=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr '-' '~')
  printf '%s' "$v" | grep -Eq '^[0-9][a-z0-9.+~]*$' || fail "cannot make a Debian version of \"$1\""
  printf '%s\n' "$v"
}

# Every file root's to change and everyone's to read; executables stay executable, libraries do not.
normalize_tree() {
  local tree=$1
  chmod -R u+rwX,go+rX,go-w "$tree"
  find "$tree" -type f -name '*.so' -exec chmod 0644 {} +
  find "$tree" -exec touch -h -d "@$epoch" {} +
}

# --- Linux ---------------------------------------------------------------------------------------
# The app image, laid out as jpackage lays out its own (lib/app, lib/runtime), with the sh launcher.
linux_image() {
  local image=$1
  mkdir -p "$image/bin" "$image/lib/app"
  install -m 0755 "$here/linux/otp-verifier" "$image/bin/otp-verifier"
  install -m 0644 "$jar" "$image/lib/app/otp-verifier.jar"
  cp -a "$work/runtime" "$image/lib/runtime"
  strip_native "$image/lib/runtime"
  normalize_tree "$image"
}

# Debian's JDK keeps the symbol tables in its libraries; a package of an application does not need them.
strip_native() {
  native_files "$1" | xargs -0 strip --strip-unneeded --remove-section=.comment --remove-section=.note
}

# The runtime's ELF files: its libraries and its executables (a jlink image has no scripts).
native_files() {
  find "$1" -type f \( -name '*.so' -o -perm -u+x \) -print0
}

# The app's class-data archive, made by starting the installed command at the path the package
# installs it to: on JDK 17 the JVM accepts an archive only for the jar path (and jar size and time)
# it was made with. The unpacked package tree is mounted at /usr/lib/otp-verifier in a mount
# namespace of its own, so nothing installed on this machine is touched or seen.
train_archive() {
  local app=$1 made=
  if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1; then
    note "not root (or no unshare): the package ships without the app's class-data archive (JDK's own only)."
    return 0
  fi
  if [ ! -e /usr/lib/otp-verifier ]; then
    mkdir /usr/lib/otp-verifier
    made=yes
  fi
  if ! unshare --mount --propagation private "$here/linux/train-archive.sh" "$app" /usr/lib/otp-verifier; then
    rm -f "$app/lib/app/otp-verifier.jsa"
    note "making the app's class-data archive failed: the package ships without it (JDK's own only)."
  fi
  if [ -n "$made" ]; then rmdir /usr/lib/otp-verifier; fi
  if [ -f "$app/lib/app/otp-verifier.jsa" ]; then
    chmod 0644 "$app/lib/app/otp-verifier.jsa"
    touch -d "@$epoch" "$app/lib/app/otp-verifier.jsa"
    note "app class-data archive: $(du -h "$app/lib/app/otp-verifier.jsa" | cut -f1)"
  fi
}

# The package's dependencies: the shared libraries the runtime's libraries link to (as dpkg-shlibdeps
# finds them), and fontconfig, which AWT opens by name at run time.
linux_depends() {
  local app=$1 scratch file elves=()
  scratch=$(mktemp -d)
  mkdir "$scratch/debian"
  printf 'Source: otp-verifier\n\nPackage: otp-verifier\nArchitecture: amd64\n' >"$scratch/debian/control"
  while IFS= read -r -d '' file; do elves+=("$file"); done < <(native_files "$app/lib/runtime")
  # Its warnings are about the tree not being a Debian source package's; shown only if it fails.
  if ! (cd "$scratch" && dpkg-shlibdeps -O -l"$app/lib/runtime/lib" -l"$app/lib/runtime/lib/server" \
    "${elves[@]}" >"$scratch/out" 2>"$scratch/err"); then
    cat "$scratch/err" >&2
    fail "dpkg-shlibdeps failed"
  fi
  sed -n 's/^shlibs:Depends=//p' "$scratch/out" | sed 's/$/, libfontconfig1/'
  rm -rf "$scratch"
}

linux_changelog() {
  local deb_version=$1 maintainer=$2
  printf 'otp-verifier (%s) unstable; urgency=medium\n\n  * Built from the project'"'"'s sources (%s).\n\n -- %s  %s\n' \
    "$deb_version" "$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo "version $version")" \
    "$maintainer" "$(LC_ALL=C date -u -d "@$epoch" -R)"
}

build_linux() {
  local deb_version image root app maintainer depends size
  [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || fail "the Linux packages are built on amd64 only"
  deb_version=$(debian_version "$version")
  maintainer=${OTP_PACKAGE_MAINTAINER:-"OTP Verifier maintainers <maintainers@users.noreply.r-seed-20663d10.example>"}
  for tool in dpkg-deb dpkg-shlibdeps help2man strip; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install dpkg-dev help2man binutils)"
  done

  # The portable archive: the same app image, unpacked anywhere and run as bin/otp-verifier. It has
  # no app class-data archive (one made for /usr/lib/otp-verifier is refused anywhere else).
  image="$work/image/otp-verifier-$version"
  linux_image "$image"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$work/image" \
    -cf - "otp-verifier-$version" | gzip -6n >"$dist/otp-verifier-$version-linux-x64.tar.gz"

  root="$work/deb"
  app="$root/usr/lib/otp-verifier"
  mkdir -p "$root/usr/lib" "$root/usr/bin"
  cp -a "$image" "$app"
  train_archive "$app"
  ln -s ../lib/otp-verifier/bin/otp-verifier "$root/usr/bin/otp-verifier"

  install -D -m 0644 "$here/linux/otp-verifier.desktop" "$root/usr/share/applications/otp-verifier.desktop"
  for size in "${icon_sizes[@]}"; do
    install -D -m 0644 "$work/icons/otp-verifier-$size.png" \
      "$root/usr/share/icons/hicolor/${size}x${size}/apps/otp-verifier.png"
  done

  # The man page is made from the command's own --help and --version, so they cannot disagree.
  mkdir -p "$root/usr/share/man/man1"
  HOME="$work" help2man --no-info --section=1 --name="prove that a person controls an email address" \
    --include="$here/linux/otp-verifier.h2m" --output="$work/otp-verifier.1" "$app/bin/otp-verifier"
  gzip -9n <"$work/otp-verifier.1" >"$root/usr/share/man/man1/otp-verifier.1.gz"

  install -D -m 0644 "$here/linux/copyright" "$root/usr/share/doc/otp-verifier/copyright"
  linux_changelog "$deb_version" "$maintainer" | gzip -9n >"$root/usr/share/doc/otp-verifier/changelog.gz"

  depends=$(linux_depends "$app")
  [ -n "$depends" ] || fail "dpkg-shlibdeps found no dependencies"
  normalize_tree "$root"
  size=$(du -sk --apparent-size "$root" | cut -f1)
  mkdir -p "$root/DEBIAN"
  sed -e "s/@VERSION@/$deb_version/" -e "s/@MAINTAINER@/$maintainer/" -e "s/@INSTALLED_SIZE@/$size/" \
    -e "s/@DEPENDS@/$depends/" "$here/linux/control.in" >"$root/DEBIAN/control"
  (cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
  chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
  chmod 0755 "$root/DEBIAN"
  touch -d "@$epoch" "$root/DEBIAN" "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
  # xz at level 1: 20 s for 36 MB, where the default level 6 takes 90 to 100 s on two cores for
  # 31 MB. Not zstd (2 s, 38 MB): lintian calls a .deb with zstd members malformed.
  SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz -z1 --build "$root" \
    "$dist/otp-verifier_${deb_version}_amd64.deb" >/dev/null
  note "built $dist/otp-verifier_${deb_version}_amd64.deb and $dist/otp-verifier-$version-linux-x64.tar.gz"
}

# --- Windows and macOS: jpackage's own installers, with its native launchers ---------------------
# Not built or run by this project's CI; what jpackage makes on those systems.
# jpackage wants a plain numeric version (1.2.0 for 1.2.0-SNAPSHOT).
build_native() {
  local type=$1 numeric input
  numeric=${version%%-*}
  input="$work/input"
  mkdir -p "$input"
  cp "$jar" "$input/"
  local options=(--name "OTP Verifier" --app-version "$numeric" --vendor "OTP Verifier"
    --description "Proves that a person controls an email address with a one-time code."
    --input "$input" --main-jar otp-verifier.jar --main-class "$main_class"
    --runtime-image "$work/runtime" --dest "$dist"
    --java-options "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -Dotp.fastStart.child=true")
  case "$type" in
    msi | exe) options+=(--win-menu --win-menu-group "OTP Verifier" --win-shortcut --win-dir-chooser) ;;
    dmg | pkg)
      case "$numeric" in
        0.*) fail "jpackage on macOS needs a version of 1.0 or above, not $numeric" ;;
      esac
      local iconset="$work/OTP Verifier.iconset"
      mkdir -p "$iconset"
      for size in 16 32 128 256; do
        cp "$work/icons/otp-verifier-$size.png" "$iconset/icon_${size}x${size}.png"
      done
      iconutil -c icns -o "$work/otp-verifier.icns" "$iconset"
      options+=(--icon "$work/otp-verifier.icns" --mac-package-identifier dev.otpverifier.app) ;;
  esac
  "$jdk/bin/jpackage" --type "$type" "${options[@]}"
}

case "$(uname -s)" in
  Linux) build_linux ;;
  Darwin) build_native dmg && build_native pkg ;;
  MINGW* | MSYS* | CYGWIN*) build_native msi ;;
  *) fail "no package type for $(uname -s)" ;;
esac

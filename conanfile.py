# Conan 2 recipe: `conan create .` makes the coverkit package from this checkout.
#
# By default the package is the header-only client (package type header-library, one package
# for every configuration). With -o "coverkit/*:fake_server=True" it also holds the fake
# server: the static library coverkit::fake_server and the coverkit-fake-server program.
#
# Consumers use find_package(coverkit CONFIG) and get the targets coverkit::coverkit and, with
# COMPONENTS fake_server, coverkit::fake_server, exactly as after `cmake --install`: the package
# ships coverkit's own CMake config, which finds Boost, OpenSSL and the picture libraries with
# find_dependency, so it works both with Conan-built dependencies and with dependencies the
# system provides ([platform_requires] in the profile; tests/package/conan/system.profile).
import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir

required_conan_version = ">=2.0"


class CoverkitConan(ConanFile):
    name = "coverkit"
    description = ("Whiteboard scenes and media albums to pictures: C++20 clients of the "
                   "Agora/Netless whiteboard, legacy Netless cover and Tencent SMH album cover "
                   "APIs, over Boost.Beast, with a fake server to test against")
    license = "BSL-1.0"
    topics = ("whiteboard", "screenshot", "rest-client", "boost-beast", "fake-server",
              "header-only")
    settings = "os", "arch", "compiler", "build_type"
    options = {"fake_server": [True, False], "fPIC": [True, False]}
    default_options = {"fake_server": False, "fPIC": True}
    exports_sources = ("CMakeLists.txt", "LICENSE", "cmake/*", "include/*", "src/*",
                       "fake-server/*")

    def set_version(self):
        # The version is written once, in include/coverkit/version.hpp.
        text = load(self, os.path.join(self.recipe_folder, "include", "coverkit", "version.hpp"))
        parts = [re.search(rf"^#define COVERKIT_VERSION_{part} (\d+)$", text, re.M).group(1)
                 for part in ("MAJOR", "MINOR", "PATCH")]
        self.version = ".".join(parts)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.fake_server:
            self.package_type = "static-library"
        else:
            self.package_type = "header-library"
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self, src_folder=".")

    def requirements(self):
        # The public headers include Boost (Beast, Asio, JSON, URL) and OpenSSL.
        self.requires("boost/1.81.0", transitive_headers=True)
        self.requires("openssl/[>=3 <4]", transitive_headers=True)
        if self.options.fake_server:
            self.requires("libpng/[>=1.6 <2]")
            self.requires("freetype/[>=2.10 <3]")
            self.requires("libjpeg-turbo/[>=2.1 <4]")
            # igzip compresses the PNGs the fake draws.
            self.requires("isa-l/[>=2.30 <3]")
            # Header-only; the fake compiles its implementation into its own library.
            self.requires("stb/cci.20220909")

    def package_id(self):
        if not self.info.options.fake_server:
            self.info.clear()

    def validate(self):
        check_min_cppstd(self, 20)

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["COVERKIT_BUILD_FAKE_SERVER"] = bool(self.options.fake_server)
        tc.cache_variables["COVERKIT_INSTALL"] = True
        tc.cache_variables["COVERKIT_BUILD_TESTS"] = False
        tc.cache_variables["COVERKIT_BUILD_EXAMPLES"] = False
        tc.cache_variables["COVERKIT_BUILD_BENCHMARKS"] = False
        tc.cache_variables["COVERKIT_BUILD_CLI"] = False
        tc.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        if self.options.fake_server:
            cmake.build()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        # Conan makes .pc files from package_info (PkgConfigDeps); the license is in licenses/.
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "coverkit")
        # CMakeDeps makes no targets for dependencies the platform provides, so consumers use
        # coverkit's own config (lib/cmake/coverkit), which finds them with find_dependency.
        self.cpp_info.set_property("cmake_find_mode", "none")

        client = self.cpp_info.components["client"]
        # Conan puts builddirs on CMAKE_PREFIX_PATH (components' only, once there are components).
        client.builddirs = [os.path.join("lib", "cmake", "coverkit")]
        client.set_property("cmake_target_name", "coverkit::coverkit")
        client.set_property("pkg_config_name", "coverkit")
        client.requires = ["boost::headers", "boost::json", "boost::url",
                           "openssl::ssl", "openssl::crypto"]
        client.bindirs = []
        client.libdirs = []
        if self.settings.os in ("Linux", "FreeBSD"):
            client.system_libs = ["pthread"]

        if self.options.fake_server:
            fake = self.cpp_info.components["fake_server"]
            fake.set_property("cmake_target_name", "coverkit::fake_server")
            fake.set_property("pkg_config_name", "coverkit-fake-server")
            fake.libs = ["coverkit-fake-server"]
            fake.requires = ["client", "libpng::libpng", "freetype::freetype",
                             "libjpeg-turbo::turbojpeg", "isa-l::isa-l", "stb::stb"]

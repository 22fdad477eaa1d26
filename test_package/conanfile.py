# Conan's check of the package (run by `conan create .`): a consumer that finds coverkit with
# find_package(coverkit CONFIG), builds a program and runs it. With the fake server in the
# package, the program takes a screenshot through the in-process fake and checks the answer.
import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, CMakeToolchain, cmake_layout


class CoverkitTestConan(ConanFile):
    settings = "os", "arch", "compiler", "build_type"
    generators = "CMakeDeps", "VirtualRunEnv"
    test_type = "explicit"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    def generate(self):
        tc = CMakeToolchain(self)
        fake = self.dependencies[self.tested_reference_str].options.fake_server
        tc.cache_variables["COVERKIT_TEST_FAKE_SERVER"] = bool(fake)
        tc.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def test(self):
        if can_run(self):
            self.run(os.path.join(self.cpp.build.bindir, "test_package"), env="conanrun")

# A Conan profile for building coverkit against the libraries the system (Debian 12) provides,
# with no Conan remote: each [platform_requires] line tells Conan that the system has that
# package, so it neither downloads nor builds it; coverkit's CMake config finds them with
# find_dependency. Use it as `conan create . -pr:a tests/package/conan/system.profile`.
include(default)

[settings]
compiler.cppstd=20

[platform_requires]
boost/1.81.0
openssl/3.0.19
libpng/1.6.39
freetype/2.12.1
libjpeg-turbo/2.1.5
isa-l/2.30.0
stb/cci.20220909

[conf]
tools.cmake.cmaketoolchain:generator=Ninja

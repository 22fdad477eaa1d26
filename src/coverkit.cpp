// coverkit's compiled parts, for the coverkit::coverkit_compiled target: the one translation
// unit of a separately compiled build (see <coverkit/src.hpp>).
#include <coverkit/src.hpp>

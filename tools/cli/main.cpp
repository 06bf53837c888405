#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  std::fprintf(stderr, "Error: NotSupported: no subcommands yet\n");
  return 1;
}

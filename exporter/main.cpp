#include <string>
#include <vector>

#include "exporter/entry_point.h"

int main(int argc, char** argv) {
  return portwatch::RunMain(std::vector<std::string>(argv + 1, argv + argc));
}

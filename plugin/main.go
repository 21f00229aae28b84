package main

// main is empty while the plugin is built as a Fluent Bit c-shared library only; the
// command-line entry point (batch scan, training) replaces this file.
func main() {}

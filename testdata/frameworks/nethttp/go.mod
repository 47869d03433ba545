module example.com/fx/nethttp

go 1.26

module example.com/taskapi

go 1.26

-- Tests of the plugin's logic, run by e2e.sh in whatever Neovim is installed:
--
--   nvim --headless --noplugin -i NONE -n -u plugin_test.lua
--
-- The project root, the default command, and which client API setup() uses.
-- The Neovim in CI is 0.7, so the 0.8–0.10 (vim.lsp.start) and 0.11+
-- (vim.lsp.config/enable) paths are checked here against recording stand-ins
-- of those functions: they prove what the plugin asks of the API, not how a
-- newer Neovim answers. The 0.7 path runs for real in e2e.lua.

local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local repo = vim.fn.fnamemodify(here, ":h:h:h")
vim.opt.runtimepath:prepend(repo)
vim.cmd("filetype on")

local failures, count = 0, 0
local function test(name, fn)
  count = count + 1
  package.loaded.prodready = nil
  local ok, err = pcall(fn)
  if ok then
    io.stdout:write("ok   " .. name .. "\n")
  else
    failures = failures + 1
    io.stdout:write("FAIL " .. name .. ": " .. tostring(err) .. "\n")
  end
end
local function eq(got, want, what)
  if not vim.deep_equal(got, want) then
    error(string.format("%s: got %s, want %s", what, vim.inspect(got), vim.inspect(want)), 2)
  end
end

local tmp = vim.fn.tempname()
local function touch(path)
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  vim.fn.writefile({ "package x" }, path)
end
-- tmp/w/go.work, tmp/w/m/go.mod, tmp/w/m/pkg/a.go; tmp/r/.git, tmp/r/b.go; tmp/loose/c.go
touch(tmp .. "/w/go.work")
touch(tmp .. "/w/m/go.mod")
touch(tmp .. "/w/m/pkg/a.go")
vim.fn.mkdir(tmp .. "/r/.git", "p")
touch(tmp .. "/r/b.go")
touch(tmp .. "/loose/c.go")

test("the repository root shim loads the plugin", function()
  local m = require("prodready")
  eq(type(m.setup), "function", "setup")
  local info = debug.getinfo(m.setup, "S").source
  assert(info:find("editors/neovim/lua/prodready/init.lua", 1, true), "setup defined in " .. info)
end)

test("root: a Go workspace wins over the module inside it", function()
  local m = require("prodready")
  m.setup({ autostart = false })
  eq(m.root_dir(tmp .. "/w/m/pkg/a.go"), tmp .. "/w", "root")
end)

test("root: a module without a workspace", function()
  local m = require("prodready")
  m.setup({ autostart = false, root_markers = { "go.mod", ".git" } })
  eq(m.root_dir(tmp .. "/w/m/pkg/a.go"), tmp .. "/w/m", "root")
end)

test("root: a repository, else the file's directory", function()
  local m = require("prodready")
  m.setup({ autostart = false })
  eq(m.root_dir(tmp .. "/r/b.go"), tmp .. "/r", "root")
  eq(m.root_dir(tmp .. "/loose/c.go"), tmp .. "/loose", "root")
end)

test("cmd: the repository's bin/prodready when built, else prodready on PATH, else the option", function()
  local m = require("prodready")
  m.setup({ autostart = false })
  local built = repo .. "/bin/prodready"
  if vim.fn.executable(built) == 1 then
    eq(m.cmd(), { built, "serve" }, "cmd")
  else
    eq(m.cmd(), { "prodready", "serve" }, "cmd")
  end
  m.setup({ autostart = false, cmd = { "/opt/prodready", "serve", "-logfile", "/tmp/p.log" } })
  eq(m.cmd(), { "/opt/prodready", "serve", "-logfile", "/tmp/p.log" }, "cmd option")
end)

-- with_lsp replaces fields of vim.lsp for the duration of fn.
local function with_lsp(fields, fn)
  local saved = {}
  for k, v in pairs(fields) do
    saved[k] = { v = rawget(vim.lsp, k) }
    rawset(vim.lsp, k, v)
  end
  local ok, err = pcall(fn)
  for k, s in pairs(saved) do
    rawset(vim.lsp, k, s.v)
  end
  vim.cmd("silent! %bwipeout!")
  if not ok then
    error(err, 0)
  end
end

test("Neovim 0.11+: setup defines the server with vim.lsp.config and enables it", function()
  local configs, enabled = {}, {}
  local config = setmetatable({}, {
    __call = function(_, name, cfg)
      configs[name] = cfg
    end,
  })
  with_lsp({
    config = config,
    enable = function(name)
      table.insert(enabled, name)
    end,
    start = function()
      error("vim.lsp.start used although vim.lsp.config exists")
    end,
  }, function()
    local m = require("prodready")
    m.setup({ settings = { prodready = { rules = { ["no-request-log"] = "off" } } }, cmd = { "/x/prodready", "serve" } })
    eq(enabled, { "prodready" }, "enabled")
    local cfg = configs.prodready
    assert(cfg, "no vim.lsp.config('prodready', …)")
    eq(cfg.cmd, { "/x/prodready", "serve" }, "cmd")
    eq(cfg.filetypes, { "go" }, "filetypes")
    eq(cfg.settings, { prodready = { rules = { ["no-request-log"] = "off" } } }, "settings")
    eq(cfg.name, nil, "name (vim.lsp.config takes it from the first argument)")
    vim.cmd("edit " .. vim.fn.fnameescape(tmp .. "/w/m/pkg/a.go"))
    local root
    cfg.root_dir(vim.api.nvim_get_current_buf(), function(dir)
      root = dir
    end)
    eq(root, tmp .. "/w", "root_dir")
  end)
end)

test("Neovim 0.8–0.10: a Go buffer starts the server with vim.lsp.start, existing buffers too", function()
  local calls = {}
  with_lsp({
    config = false,
    enable = false,
    start = function(cfg, opts)
      table.insert(calls, { cfg = cfg, opts = opts })
      return 42
    end,
  }, function()
    vim.cmd("edit " .. vim.fn.fnameescape(tmp .. "/r/b.go"))
    local first = vim.api.nvim_get_current_buf()
    local m = require("prodready")
    m.setup({})
    eq(#calls, 1, "vim.lsp.start calls for the buffer open before setup")
    eq(calls[1].opts, { bufnr = first }, "opts")
    eq(calls[1].cfg.name, "prodready", "name")
    eq(calls[1].cfg.root_dir, tmp .. "/r", "root_dir")
    eq(calls[1].cfg.workspace_folders, { { uri = vim.uri_from_fname(tmp .. "/r"), name = tmp .. "/r" } }, "workspace_folders")
    eq(calls[1].cfg.cmd, m.cmd(), "cmd")

    vim.cmd("edit " .. vim.fn.fnameescape(tmp .. "/w/m/pkg/a.go"))
    eq(#calls, 2, "vim.lsp.start calls after opening a second Go file")
    eq(calls[2].cfg.root_dir, tmp .. "/w", "root_dir")

    vim.fn.writefile({ "x" }, tmp .. "/r/notes.txt")
    vim.cmd("edit " .. vim.fn.fnameescape(tmp .. "/r/notes.txt"))
    eq(#calls, 2, "vim.lsp.start calls after opening a text file")
  end)
end)

test("autostart = false starts nothing until start()", function()
  local calls = 0
  with_lsp({
    config = false,
    enable = false,
    start = function()
      calls = calls + 1
      return 1
    end,
  }, function()
    local m = require("prodready")
    m.setup({ autostart = false })
    vim.cmd("edit " .. vim.fn.fnameescape(tmp .. "/r/b.go"))
    eq(calls, 0, "starts before start()")
    eq(m.start(0), 1, "start()")
    eq(calls, 1, "starts after start()")
  end)
end)

vim.fn.delete(tmp, "rf")
io.stdout:write(string.format("%d passed, %d failed\n", count - failures, failures))
vim.cmd(failures == 0 and "qa!" or "cquit 1")

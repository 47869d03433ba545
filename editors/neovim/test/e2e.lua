-- Headless Neovim end-to-end test of the plugin, driven by e2e.sh:
--
--   nvim --headless -i NONE -n -u e2e.lua
--
-- with REPO (the repository, put on 'runtimepath' the way lazy.nvim puts a
-- plugin), FILE (the Go file to open), RULE (the diagnostic code to wait for)
-- and PATTERN (the pattern ID of the quick fix to apply) in the environment.
-- It does what a user does: opens the file, waits for the diagnostic, asks
-- for code actions at it with vim.lsp.buf.code_action(), picks
-- "Apply pattern: … (PATTERN)" in vim.ui.select, writes the file and waits
-- for the server to withdraw the diagnostic. Exits non-zero on any failure.

local repo = assert(os.getenv("REPO"), "REPO not set")
local file = assert(os.getenv("FILE"), "FILE not set")
local rule = assert(os.getenv("RULE"), "RULE not set")
local pattern = assert(os.getenv("PATTERN"), "PATTERN not set")
local wait_ms = tonumber(os.getenv("WAIT_MS") or "") or 120000

local t0 = vim.loop.hrtime()
local function log(fmt, ...)
  io.stdout:write(string.format("[%6.0fms] ", (vim.loop.hrtime() - t0) / 1e6) .. string.format(fmt, ...) .. "\n")
end
local function fail(fmt, ...)
  log("FAIL: " .. fmt, ...)
  vim.cmd("cquit 1")
end

local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, msg)
  log("notify(%s): %s", tostring(level), tostring(msg))
end

vim.opt.runtimepath:prepend(repo)
vim.cmd("filetype on")
local ok, err = pcall(function()
  require("prodready").setup({})
end)
if not ok then
  fail("setup: %s", err)
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
if vim.bo[bufnr].filetype ~= "go" then
  fail("filetype %q, want go", vim.bo[bufnr].filetype)
end

local function clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

local function ours()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "prodready" and d.code == rule then
      table.insert(out, d)
    end
  end
  return out
end

if not vim.wait(10000, function() return next(clients()) ~= nil end, 50) then
  fail("no language server attached to the buffer")
end
for _, c in pairs(clients()) do
  log("attached %s: %s (root %s)", c.name, table.concat(c.config.cmd, " "), tostring(c.config.root_dir))
end

-- 1. The diagnostic.
if not vim.wait(wait_ms, function() return #ours() > 0 end, 50) then
  fail("no %s diagnostic within %d ms; got %s", rule, wait_ms, vim.inspect(vim.diagnostic.get(bufnr)))
end
local d = ours()[1]
log("diagnostic %d:%d %s [%s]", d.lnum + 1, d.col + 1, d.message, d.code)

-- 2. The quick fix, chosen in the menu vim.lsp.buf.code_action() opens.
local want = "(" .. pattern .. ")"
local offered, chosen
vim.ui.select = function(items, opts, on_choice)
  offered = {}
  local pick
  for _, item in ipairs(items) do
    local title = opts.format_item and opts.format_item(item) or tostring(item)
    table.insert(offered, title)
    if not pick and title:find("Apply pattern: ", 1, true) == 1 and title:sub(-#want) == want then
      pick, chosen = item, title
    end
  end
  on_choice(pick)
end

-- Retried while nothing is offered: the server may still be analysing.
local tick = vim.api.nvim_buf_get_changedtick(bufnr)
local tries = 0
while vim.api.nvim_buf_get_changedtick(bufnr) == tick do
  tries = tries + 1
  if tries > 20 then
    fail("quick fix %s never applied; offered: %s; messages: %s", want, vim.inspect(offered), vim.inspect(notes))
  end
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  offered, chosen, notes = nil, nil, {}
  vim.lsp.buf.code_action()
  local changed = function()
    return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
  end
  vim.wait(10000, function()
    return changed() or (offered ~= nil and not chosen) or #notes > 0
  end, 50)
  if chosen and not changed() then
    fail("chose %q, but its edit never reached the buffer; messages: %s", chosen, vim.inspect(notes))
  end
  if not changed() then
    vim.wait(500)
  end
end
log("applied %q after %d code action request(s); offered: %s", chosen, tries, table.concat(offered or {}, " | "))

-- 3. Write, and wait for the server to withdraw the diagnostic.
vim.cmd("silent write")
if not vim.wait(wait_ms, function() return #ours() == 0 end, 50) then
  fail("%s diagnostic still there after the fix: %s", rule, vim.inspect(ours()))
end
log("PASS: %s diagnostic gone after applying %s and writing %s", rule, pattern, vim.fn.fnamemodify(file, ":t"))
vim.cmd("qa!")

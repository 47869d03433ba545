-- prodready for Neovim: starts `prodready serve` beside gopls for Go buffers.
--
--   require("prodready").setup({})
--
-- Neovim 0.11 and later get the server through vim.lsp.config/vim.lsp.enable,
-- 0.8 to 0.10 through vim.lsp.start on FileType, and 0.7 through
-- vim.lsp.start_client with one client per project root.

local M = {}

local uv = vim.loop

-- This file is editors/neovim/lua/prodready/init.lua: four levels below the
-- repository root, where `make build` and the lazy.nvim spec's build step put
-- bin/prodready.
local repo_root = (function()
  local source = debug.getinfo(1, "S").source
  if source:sub(1, 1) ~= "@" then
    return nil
  end
  return vim.fn.fnamemodify(source:sub(2), ":p:h:h:h:h:h")
end)()

M.defaults = {
  -- The server command. nil: bin/prodready of the repository this plugin
  -- was installed from when it has been built, else prodready on $PATH.
  cmd = nil,
  filetypes = { "go" },
  -- The project root is the nearest directory holding a file or directory of
  -- the first group that has one: a Go workspace, then a module, then a
  -- repository. Without any, the buffer's directory.
  root_markers = { { "go.work" }, { "go.mod" }, { ".git" } },
  -- Sent as workspace/didChangeConfiguration, e.g.
  -- { prodready = { rules = { ["no-request-log"] = "off" } } }.
  settings = nil,
  init_options = nil,
  on_attach = nil,
  capabilities = nil,
  -- false: define the server but start it only through :lua require("prodready").start().
  autostart = true,
}

M.config = nil

local function executable(path)
  return path ~= nil and vim.fn.executable(path) == 1
end

--- The command that starts the server for the current options.
function M.cmd()
  local cfg = M.config or M.defaults
  if cfg.cmd then
    return cfg.cmd
  end
  local built = repo_root and (repo_root .. "/bin/prodready")
  if executable(built) then
    return { built, "serve" }
  end
  return { "prodready", "serve" }
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

--- The project root of a file: the nearest ancestor directory holding one of
--- a group of markers, trying the groups in order.
function M.root_dir(filename)
  local cfg = M.config or M.defaults
  local start = vim.fn.fnamemodify(filename, ":p:h")
  for _, group in ipairs(cfg.root_markers) do
    if type(group) == "string" then
      group = { group }
    end
    local dir = start
    while dir do
      for _, marker in ipairs(group) do
        if exists(dir .. "/" .. marker) then
          return dir
        end
      end
      local parent = vim.fn.fnamemodify(dir, ":h")
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

local function capabilities()
  local cfg = M.config
  local caps = vim.lsp.protocol.make_client_capabilities()
  if cfg.capabilities then
    caps = vim.tbl_deep_extend("force", caps, cfg.capabilities)
  end
  return caps
end

-- The client configuration shared by every Neovim version.
local function client_config(root)
  local cfg = M.config
  return {
    name = "prodready",
    cmd = M.cmd(),
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = root } } or nil,
    settings = cfg.settings,
    init_options = cfg.init_options,
    on_attach = cfg.on_attach,
    capabilities = capabilities(),
  }
end

local function buffer_file(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  return name
end

-- Neovim 0.7: one client per root, reused while it runs.
local clients = {}

local function start_07(bufnr, root)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Starts the server for a buffer (attaching it to a running one for the same
--- root) and returns the client id. Buffers of other file types and buffers
--- without a file are left alone.
function M.start(bufnr)
  if not M.config then
    M.setup({ autostart = false })
  end
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local file = buffer_file(bufnr)
  if not file or not vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
    return nil
  end
  local root = M.root_dir(file)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  return start_07(bufnr, root)
end

local function has_config_api()
  return type(vim.lsp.config) == "table" and type(vim.lsp.enable) == "function"
end

--- Configures the server and, unless autostart is false, starts it for every
--- buffer of its file types, those already open included. Calling it again
--- replaces the options.
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers -- lists are replaced, not merged
  end
  if opts and opts.filetypes then
    M.config.filetypes = opts.filetypes
  end
  local group = vim.api.nvim_create_augroup("prodready", { clear = true })
  if not M.config.autostart then
    return
  end

  if has_config_api() then
    local cfg = client_config(nil)
    cfg.name = nil
    cfg.workspace_folders = nil
    cfg.filetypes = M.config.filetypes
    cfg.root_dir = function(bufnr, on_dir)
      local file = buffer_file(bufnr)
      if file then
        on_dir(M.root_dir(file))
      end
    end
    vim.lsp.config("prodready", cfg)
    vim.lsp.enable("prodready")
    return
  end

  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.start(bufnr)
    end
  end
end

return M

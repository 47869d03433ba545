-- Entry point for plugin managers that put the repository root on
-- 'runtimepath' (lazy.nvim, packer, vim-plug, a plain git clone in pack/):
-- they find lua/ here, while the plugin lives in editors/neovim. This loads
-- that file, so `{ "prodready/prodready", opts = {} }` is the whole lazy.nvim
-- spec. Neovim reads only this file from the root; nothing else moves here.
local here = debug.getinfo(1, "S").source:sub(2)
local root = vim.fn.fnamemodify(here, ":p:h:h")
return dofile(root .. "/editors/neovim/lua/prodready/init.lua")

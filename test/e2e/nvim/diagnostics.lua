-- A second real LSP client: Neovim's built-in one (0.7+), headless. Starts the language server,
-- opens one file, waits for its diagnostics, asks for the code actions on the first one, and
-- writes what it got as JSON. Driven by diagnostics.nvim.mjs, which passes everything in the environment.
local server = assert(os.getenv('E2E_SERVER_JS'), 'E2E_SERVER_JS')
local root = assert(os.getenv('E2E_ROOT'), 'E2E_ROOT')
local file = assert(os.getenv('E2E_FILE'), 'E2E_FILE')
local out = assert(os.getenv('E2E_OUT'), 'E2E_OUT')
local node = os.getenv('E2E_NODE') or 'node'
local timeout = tonumber(os.getenv('E2E_TIMEOUT_MS') or '30000')

local result = { logs = {} }

local function finish()
  local handle = assert(io.open(out, 'w'))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'typescript'

  local client_id = vim.lsp.start_client({
    name = 'async-pitfalls',
    cmd = { node, server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
    settings = { asyncPitfalls = { enable = true, run = 'onType' } },
    handlers = {
      ['window/logMessage'] = function(_, params)
        table.insert(result.logs, params.message)
      end,
    },
  })
  result.client = client_id ~= nil
  result.attached = vim.lsp.buf_attach_client(buf, client_id)

  result.settled = vim.wait(timeout, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)

  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      line = d.lnum,
      col = d.col,
      severity = d.severity,
      message = d.message,
      source = d.source or lsp.source or vim.NIL,
      code = lsp.code or d.code or vim.NIL,
    })
  end

  -- The quick fixes of the first diagnostic, through the same client (0.7 keeps only some LSP
  -- fields in user_data, so the range is rebuilt from the diagnostic's own positions).
  local first = vim.diagnostic.get(buf)[1]
  result.code_actions = {}
  if first then
    local range = {
      start = { line = first.lnum, character = first.col },
      ['end'] = { line = first.end_lnum, character = first.end_col },
    }
    local diagnostic = {
      range = range,
      message = first.message,
      severity = first.severity,
      source = first.source,
      code = first.user_data and first.user_data.lsp and first.user_data.lsp.code or nil,
    }
    local responses, request_error = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = range,
      context = { diagnostics = { diagnostic } },
    }, timeout)
    result.code_action_error = request_error and tostring(request_error) or vim.NIL
    for _, response in pairs(responses or {}) do
      if response.error then
        result.code_action_error = tostring(response.error.message or vim.inspect(response.error))
      end
      for _, action in ipairs(response.result or {}) do
        table.insert(result.code_actions, action.title)
      end
    end
  end

  vim.lsp.stop_client(client_id)
  result.stopped = vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 50)
end)

if not ok then
  result.error = tostring(err)
end
finish()

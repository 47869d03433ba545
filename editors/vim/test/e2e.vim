" Headless Vim + ALE end-to-end test of prodready, run by e2e.sh:
"
"   vim -N -u NONE -i NONE -n -es -S e2e.vim
"
" with SETUP (the editors/README.md snippet, extracted to a file), FILE (the Go
" file to open), RULE (the diagnostic code to wait for), PATTERN (the pattern
" ID of the quick fix to apply) and LOG in the environment. It does what a
" user does: loads ALE and the snippet, opens the file, waits for the
" diagnostic, runs :ALECodeAction on the word under the cursor (ALE sends no
" diagnostic then) and :'<,'>ALECodeAction on a one-character selection (ALE
" sends the diagnostic, without source, its message on one line), answers the
" prompt with "Apply pattern: … (PATTERN)", writes the file and waits for the
" server to withdraw the diagnostic. Exits non-zero on any failure.

let s:t0 = reltime()
function! s:Log(msg) abort
  call writefile([printf('[%6.0fms] %s', reltimefloat(reltime(s:t0)) * 1000, a:msg)], $LOG, 'a')
endfunction
function! s:Fail(msg) abort
  call s:Log('FAIL: ' . a:msg)
  cquit 1
endfunction
" :sleep lets Vim run ALE's job and channel callbacks.
function! s:WaitFor(expr, ms) abort
  let l:start = reltime()
  while !eval(a:expr)
    if reltimefloat(reltime(l:start)) * 1000 > a:ms
      return 0
    endif
    sleep 20m
  endwhile
  return 1
endfunction

let s:wait = empty($WAIT_MS) ? 120000 : str2nr($WAIT_MS)
let s:want = '(' . $PATTERN . ')'
let g:ale_lint_delay = 0
packadd ale
filetype plugin on
execute 'source ' . fnameescape($SETUP)

execute 'edit ' . fnameescape($FILE)
if &filetype !=# 'go' | call s:Fail('filetype ' . &filetype . ', want go') | endif
ALELint

function! s:Ours() abort
  let l:items = get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
  return filter(copy(l:items), {_, v -> get(v, 'linter_name', '') is# 'prodready' && get(v, 'code', '') is# $RULE})
endfunction

" 1. The diagnostic.
if !s:WaitFor('!empty(s:Ours())', s:wait)
  call s:Fail(printf('no %s diagnostic within %d ms; loclist %s', $RULE, s:wait, string(get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', []))))
endif
let s:d = s:Ours()[0]
call s:Log(printf('diagnostic %d:%d %s [%s]', s:d.lnum, s:d.col, s:d.text, s:d.code))

" ALE lists the actions in its prompt as "N) title"; answer with our N, or
" cancel (0) when only looking.
let s:offered = v:null
let s:apply = 0
" Load ALE's file first, so that it cannot replace the stand-in later.
runtime autoload/ale/util.vim
function! ale#util#Input(message, value, ...) abort
  return s:Answer(a:message)
endfunction
function! s:Answer(message) abort
  let s:offered = []
  let l:answer = '0'
  for l:line in split(a:message, "\n")
    let l:m = matchlist(l:line, '^\(\d\+\)) \(.*\)$')
    if empty(l:m) | continue | endif
    call add(s:offered, l:m[2])
    if s:apply && l:m[2] =~# '^Apply pattern: ' && l:m[2][-len(s:want):] is# s:want
      let l:answer = l:m[1]
    endif
  endfor
  return l:answer
endfunction

" Ask(cmd, col): runs a code-action command with the cursor at col of the
" diagnostic's line until the server offers something (it may still be
" analysing); returns the number of requests.
function! s:Ask(cmd, col) abort
  for l:try in range(1, 20)
    call cursor(s:d.lnum, a:col)
    let s:offered = v:null
    let l:tick = b:changedtick
    execute a:cmd
    call s:WaitFor('s:offered isnot v:null || b:changedtick != ' . l:tick, 10000)
    if s:offered isnot v:null && !empty(s:offered) || b:changedtick != l:tick
      return l:try
    endif
    sleep 500m
  endfor
  call s:Fail(printf('%s: no code actions offered', a:cmd))
endfunction

" 2a. :ALECodeAction inside the word the diagnostic starts: ALE widens the
" request to the word and sends no diagnostic with it.
let s:apply = 0
let s:tries = s:Ask('ALECodeAction', s:d.col + 1)
call s:Log(printf(':ALECodeAction offered after %d request(s): %s', s:tries, join(s:offered, ' | ')))
if empty(filter(copy(s:offered), {_, t -> t[-len(s:want):] is# s:want}))
  call s:Fail(':ALECodeAction did not offer ' . s:want)
endif

" 2b. :'<,'>ALECodeAction on one character: ALE's copy of the diagnostic in the request.
let s:apply = 1
let s:tick = b:changedtick
call setpos("'<", [0, s:d.lnum, s:d.col, 0])
call setpos("'>", [0, s:d.lnum, s:d.col, 0])
let s:tries = s:Ask("'<,'>ALECodeAction", s:d.col)
if !s:WaitFor('b:changedtick != s:tick', 10000)
  call s:Fail(printf('quick fix %s not applied; offered: %s', s:want, string(s:offered)))
endif
call s:Log(printf(":'<,'>ALECodeAction applied %s after %d request(s); offered: %s", s:want, s:tries, join(s:offered, ' | ')))

" 3. Write, and wait for the server to withdraw the diagnostic.
silent write
if !s:WaitFor('empty(s:Ours())', s:wait)
  call s:Fail(printf('%s diagnostic still there after the fix: %s', $RULE, string(s:Ours())))
endif
call s:Log(printf('PASS: %s diagnostic gone after applying %s and writing %s', $RULE, $PATTERN, fnamemodify($FILE, ':t')))
qa!

;;; e2e.el --- eglot end-to-end test of prodready  -*- lexical-binding: t -*-

;; Run by e2e.sh in Debian's Emacs 28 with eglot 1.9 and go-mode:
;;
;;   emacs --batch -l e2e.el
;;
;; with SETUP (the editors/README.md snippet, extracted to a file), FILE (the
;; Go file to open), RULE (the diagnostic code to wait for) and PATTERN (the
;; pattern ID of the quick fix to apply) in the environment.  It does what a
;; user does: loads the snippet, visits the file (go-mode-hook starts eglot),
;; waits for the flymake diagnostic, runs M-x eglot-code-actions on it and
;; picks "Apply pattern: ... (PATTERN)" at the prompt, saves, and waits for the
;; server to withdraw the diagnostic.  Exits non-zero on any failure.

;;; Code:

(setq package-user-dir (expand-file-name "elpa" (getenv "XDG_DATA_HOME")))
(package-initialize)                    ; Debian's elpa-eglot and elpa-go-mode
(require 'cl-lib)
(require 'eglot)
(require 'go-mode)

(defvar e2e-t0 (float-time))
(defun e2e-log (fmt &rest args)
  (princ (format "[%6.0fms] %s\n" (* 1000 (- (float-time) e2e-t0)) (apply #'format fmt args))
         #'external-debugging-output))
(defun e2e-fail (fmt &rest args)
  (apply #'e2e-log (concat "FAIL: " fmt) args)
  (when-let ((server (eglot-current-server)))
    (with-current-buffer (jsonrpc-events-buffer server)
      (e2e-log "last eglot events:\n%s"
               (buffer-substring-no-properties (max (point-min) (- (point-max) 4000)) (point-max)))))
  (kill-emacs 1))
(defun e2e-env (name)
  (let ((v (getenv name)))
    (if (and v (> (length v) 0)) v (e2e-fail "%s not set" name))))
(defun e2e-wait (pred secs)
  "Run timers and process output until PRED holds or SECS pass."
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(let* ((setup (e2e-env "SETUP"))
       (file (e2e-env "FILE"))
       (rule (e2e-env "RULE"))
       (want (format "(%s)" (e2e-env "PATTERN")))
       (wait (string-to-number (or (getenv "WAIT_SECS") "120")))
       (eglot-sync-connect t)
       (make-backup-files nil)
       (ours (lambda ()
               (cl-remove-if-not
                (lambda (d)
                  (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
                    (and (equal (plist-get lsp :source) "prodready")
                         (equal (plist-get lsp :code) rule))))
                (flymake-diagnostics))))
       diag offered chosen)
  (load setup nil t)
  (find-file file)
  (unless (eq major-mode 'go-mode) (e2e-fail "major mode %s, want go-mode" major-mode))
  ;; eglot-ensure connects from post-command-hook; batch Emacs runs no commands.
  (run-hooks 'post-command-hook)
  (unless (e2e-wait #'eglot-current-server 30) (e2e-fail "eglot did not connect"))
  (let ((server (eglot-current-server)))
    (e2e-log "connected: %s (project %s)"
             (mapconcat #'identity (process-command (jsonrpc--process server)) " ")
             (project-root (eglot--project server))))
  (flymake-start)                       ; started by an idle timer otherwise

  ;; 1. The diagnostic.
  (unless (e2e-wait ours wait)
    (e2e-fail "no %s diagnostic within %ds; flymake has %S" rule wait
              (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
  (setq diag (car (funcall ours)))
  (e2e-log "diagnostic at line %d: %s" (line-number-at-pos (flymake-diagnostic-beg diag))
           (flymake-diagnostic-text diag))

  ;; 2. M-x eglot-code-actions at the diagnostic, answering its prompt.
  (cl-loop
   for try from 1 to 20
   do (let ((completing-read-function
             (lambda (_prompt collection &rest _)
               (setq offered (mapcar #'car collection))
               (or (cl-find-if (lambda (title)
                                 (and (string-prefix-p "Apply pattern: " title)
                                      (string-suffix-p want title)))
                               offered)
                   (e2e-fail "no quick fix %s among %S" want offered))))
            (last-nonmenu-event ?\r)  ; a keyboard command: prompt, no popup menu
            (tick (buffer-modified-tick)))
        (goto-char (flymake-diagnostic-beg diag))
        (condition-case err
            (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) nil t)
          (error (e2e-log "try %d: %s" try (error-message-string err))))
        (when (/= tick (buffer-modified-tick))
          (setq chosen (cl-find-if (lambda (title) (string-suffix-p want title)) offered))))
   until chosen
   do (e2e-wait (lambda () nil) 0.5)
   finally (unless chosen (e2e-fail "quick fix %s never applied; offered %S" want offered))
   (e2e-log "applied %S after %d request(s); offered: %s" chosen try (string-join offered " | ")))

  ;; 3. Save, and wait for the server to withdraw the diagnostic.
  (save-buffer)
  (unless (e2e-wait (lambda () (null (funcall ours))) wait)
    (e2e-fail "%s diagnostic still there after the fix: %S" rule
              (mapcar #'flymake-diagnostic-text (funcall ours))))
  (e2e-log "PASS: %s diagnostic gone after applying %s and saving %s"
           rule (e2e-env "PATTERN") (file-name-nondirectory file))
  (let ((eglot-autoshutdown nil)) (ignore-errors (eglot-shutdown (eglot-current-server))))
  (kill-emacs 0))

;;; e2e.el ends here

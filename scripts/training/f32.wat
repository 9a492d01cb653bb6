;; float32 matrix kernels for training in scripts/training (WebAssembly SIMD, baseline only).
;; Row-major matrices; every inner dimension the SIMD loops walk (k for nt, n for nn and tn) must be
;; a multiple of 4. IEEE float32 in WebAssembly is deterministic (no fused multiply-add), so
;; training gives the same bytes everywhere.
(module
  (import "env" "memory" (memory 1 65536))

  ;; c[i][j] = Σ_p a[i][p] · b[j][p]      a [m, k], b [n, k], c [m, n]
  (func (export "nt") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $j i32) (local $p i32) (local $ar i32) (local $br i32) (local $acc v128) (local $kb i32)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (block $done_i
      (loop $li
        (br_if $done_i (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $ar (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $kb))))
        (local.set $j (i32.const 0))
        (block $done_j
          (loop $lj
            (br_if $done_j (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $br (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $kb))))
            (local.set $acc (v128.const f32x4 0 0 0 0))
            (local.set $p (i32.const 0))
            (block $done_p
              (loop $lp
                (br_if $done_p (i32.ge_u (local.get $p) (local.get $kb)))
                (local.set $acc (f32x4.add (local.get $acc)
                  (f32x4.mul (v128.load (i32.add (local.get $ar) (local.get $p))) (v128.load (i32.add (local.get $br) (local.get $p))))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $lp)))
            (f32.store
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $lj)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $li))))

  ;; y[0..n) += alpha · x[0..n)
  (func $axpy (param $alpha f32) (param $x i32) (param $y i32) (param $n i32)
    (local $p i32) (local $av v128) (local $end i32)
    (local.set $av (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (v128.store (i32.add (local.get $y) (local.get $p))
          (f32x4.add (v128.load (i32.add (local.get $y) (local.get $p)))
            (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $x) (local.get $p))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l))))

  ;; c[i][j] += Σ_p a[i][p] · b[p][j]     a [m, k], b [k, n], c [m, n]   (skips zero a[i][p])
  (func (export "nn") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $p i32) (local $alpha f32)
    (block $done_i
      (loop $li
        (br_if $done_i (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $p (i32.const 0))
        (block $done_p
          (loop $lp
            (br_if $done_p (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $alpha (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $p)) (i32.const 2)))))
            (if (f32.ne (local.get $alpha) (f32.const 0))
              (then (call $axpy (local.get $alpha)
                (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p) (local.get $n)) (i32.const 2)))
                (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 2)))
                (local.get $n))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $lp)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $li))))

  ;; c[i][j] += Σ_p a[p][i] · b[p][j]     a [k, m], b [k, n], c [m, n]   (skips zero a[p][i])
  (func (export "tn") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $p i32) (local $alpha f32)
    (block $done_p
      (loop $lp
        (br_if $done_p (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $i (i32.const 0))
        (block $done_i
          (loop $li
            (br_if $done_i (i32.ge_u (local.get $i) (local.get $m)))
            (local.set $alpha (f32.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $m)) (local.get $i)) (i32.const 2)))))
            (if (f32.ne (local.get $alpha) (f32.const 0))
              (then (call $axpy (local.get $alpha)
                (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p) (local.get $n)) (i32.const 2)))
                (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 2)))
                (local.get $n))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $li)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $lp))))
)

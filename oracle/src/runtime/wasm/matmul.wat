;; int8 × int8 matmul of the verifiable runtime, with its bias, requantisation and ReLU (baseline
;; WebAssembly SIMD only; docs/runtime-spec.md sections 4 and 5).
;;
;; matmul(x, w, out, rows, kp, np, first, last, bias, int8, m, s, zp, floor): for every row r < rows
;; and every output o in the weight blocks [first, last) (block b = outputs 4b…4b+3):
;;   acc = wrap32(Σ_j x[r·kp + j] · W[o][j] + bias[o])
;;   y   = int8 ? clamp(floor((acc·m + 2^(s−1)) / 2^s) + zp, −128, 127) : acc
;;   out[r·np + o] = max(y, floor)         (floor = zp or 0 for ReLU, −2^31 for none)
;; x is [rows, kp] int16 holding int8 values (kp a multiple of 16, each row zero-padded past k;
;; the caller widens it once, so no tile spends vector ops on it); bias is [np] int32; out
;; is [rows, np] int32 (np = the output count rounded up to 4). The weights W [np, kp] are copied
;; once into blocks of four rows interleaved by 16-element chunks, the block's first two rows
;; pre-widened to int16 and its last two kept int8: chunk c of block b is 96 bytes at
;;   w + b·(6·kp) + c·96:  row 4b (16 × int16), row 4b+1 (16 × int16), row 4b+2 (16 × int8),
;;   row 4b+3 (16 × int8),
;; so one pointer walks a block linearly and every load has a constant offset. int16 rows feed
;; i32x4.dot_i16x8_s straight from memory; int8 rows are loaded sign-extended by v128.load8x8_s,
;; which costs a shuffle-port op each. Half and half balances the vector ports against memory:
;; measured here, all-int8 blocks were 10 % slower and all-int16 ones no faster but a third
;; bigger. Padding rows and columns are zero and add nothing. `first` and `last` let two threads
;; split the blocks.
;;
;; The kernel is bound by how many instructions V8 can issue per cycle (it folds no load into
;; pmaddwd): per 16-element chunk of four rows, 8 dot products, 8 adds, 4 sign-extending loads and
;; 6 plain loads. Loading x pre-widened instead of widening it per tile (3 vector ops per chunk)
;; measured 4–8 % faster. i32x4.dot_i16x8_s multiplies-adds pairs of int16 into i32 lanes; products are at most 2^14 in
;; magnitude, so lane sums are exact before the final wrap (i32 addition wraps). Two rows of x share
;; each weight load (a 2 × 4 register tile); an odd last row, and so every matrix-vector product,
;; runs 1 × 4 tiles. (Measured here, slower in V8: 1 × 8 tiles, 8-row groups, and unrolling the
;; chunk loop by two.) Requantisation is exact in i64 lanes (|acc·m| < 2^47), clamped to ±1024
;; before narrowing as in the WGSL routine.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; [Σ a, Σ b, Σ c, Σ d]: the four horizontal sums in one vector.
  (func $hsum4 (param $a v128) (param $b v128) (param $c v128) (param $d v128) (result v128)
    (local $ab v128) (local $cd v128)
    (local.set $ab (i32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))
    (local.set $cd (i32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d))))
    (i32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ab) (local.get $cd))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ab) (local.get $cd))))

  ;; The four results of one tile row: bias, wrap, requantisation (if int8), ReLU floor.
  (func $finish (param $sums v128) (param $bias v128) (param $int8 i32) (param $m i32) (param $s i32)
    (param $zp i32) (param $floor i32) (result v128)
    (local $acc v128) (local $lo v128) (local $hi v128) (local $round v128)
    (local.set $acc (i32x4.add (local.get $sums) (local.get $bias)))
    (if (local.get $int8)
      (then
        (local.set $round (i64x2.splat (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $s) (i32.const 1))))))
        (local.set $lo (i64x2.shr_s (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $acc) (i32x4.splat (local.get $m))) (local.get $round)) (local.get $s)))
        (local.set $hi (i64x2.shr_s (i64x2.add (i64x2.extmul_high_i32x4_s (local.get $acc) (i32x4.splat (local.get $m))) (local.get $round)) (local.get $s)))
        (local.set $lo (call $clamp1024 (local.get $lo)))
        (local.set $hi (call $clamp1024 (local.get $hi)))
        (local.set $acc (i32x4.min_s (i32x4.max_s
          (i32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $lo) (local.get $hi)) (i32x4.splat (local.get $zp)))
          (i32x4.splat (i32.const -128))) (i32x4.splat (i32.const 127))))))
    (i32x4.max_s (local.get $acc) (i32x4.splat (local.get $floor))))

  ;; i64 lanes clamped to [−1024, 1024] (any value past ±1024 clamps to the same int8 after + zp).
  (func $clamp1024 (param $v v128) (result v128)
    (local.set $v (v128.bitselect (i64x2.splat (i64.const 1024)) (local.get $v)
      (i64x2.gt_s (local.get $v) (i64x2.splat (i64.const 1024)))))
    (v128.bitselect (i64x2.splat (i64.const -1024)) (local.get $v)
      (i64x2.lt_s (local.get $v) (i64x2.splat (i64.const -1024)))))

  (func (export "matmul")
    (param $x i32) (param $w i32) (param $out i32) (param $rows i32) (param $kp i32) (param $np i32)
    (param $first i32) (param $last i32)
    (param $bias i32) (param $int8 i32) (param $m i32) (param $s i32) (param $zp i32) (param $floor i32)
    (local $bv v128)
    (local $r i32) (local $b i32) (local $p i32) (local $xp i32) (local $xp1 i32) (local $xend i32) (local $dst i32)
    (local $x0l v128) (local $x0h v128) (local $x1l v128) (local $x1h v128) (local $wl v128) (local $wh v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    ;; pairs of rows: 2 × 4 tiles
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $rows)))
        (local.set $b (local.get $first))
        (block $blocks_done
          (loop $block
            (br_if $blocks_done (i32.ge_u (local.get $b) (local.get $last)))
            (local.set $p (i32.add (local.get $w) (i32.mul (local.get $b) (i32.mul (local.get $kp) (i32.const 6)))))
            (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $kp)) (i32.const 1))))
            (local.set $xend (i32.add (local.get $xp) (i32.shl (local.get $kp) (i32.const 1))))
            (local.set $xp1 (local.get $xend))
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (loop $chunk
              (local.set $x0l (v128.load (local.get $xp)))
              (local.set $x0h (v128.load offset=16 (local.get $xp)))
              (local.set $x1l (v128.load (local.get $xp1)))
              (local.set $x1h (v128.load offset=16 (local.get $xp1)))
              (local.set $wl (v128.load (local.get $p)))
              (local.set $wh (v128.load offset=16 (local.get $p)))
              (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x0h) (local.get $wh)))))
              (local.set $c0 (i32x4.add (local.get $c0) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x1l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x1h) (local.get $wh)))))
              (local.set $wl (v128.load offset=32 (local.get $p)))
              (local.set $wh (v128.load offset=48 (local.get $p)))
              (local.set $a1 (i32x4.add (local.get $a1) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x0h) (local.get $wh)))))
              (local.set $c1 (i32x4.add (local.get $c1) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x1l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x1h) (local.get $wh)))))
              (local.set $wl (v128.load8x8_s offset=64 (local.get $p)))
              (local.set $wh (v128.load8x8_s offset=72 (local.get $p)))
              (local.set $a2 (i32x4.add (local.get $a2) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x0h) (local.get $wh)))))
              (local.set $c2 (i32x4.add (local.get $c2) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x1l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x1h) (local.get $wh)))))
              (local.set $wl (v128.load8x8_s offset=80 (local.get $p)))
              (local.set $wh (v128.load8x8_s offset=88 (local.get $p)))
              (local.set $a3 (i32x4.add (local.get $a3) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x0h) (local.get $wh)))))
              (local.set $c3 (i32x4.add (local.get $c3) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x1l) (local.get $wl)) (i32x4.dot_i16x8_s (local.get $x1h) (local.get $wh)))))
              (local.set $p (i32.add (local.get $p) (i32.const 96)))
              (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
              (local.set $xp1 (i32.add (local.get $xp1) (i32.const 32)))
              (br_if $chunk (i32.lt_u (local.get $xp) (local.get $xend))))
            (local.set $dst (i32.add (local.get $out)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $np)) (i32.shl (local.get $b) (i32.const 2))) (i32.const 2))))
            (local.set $bv (v128.load (i32.add (local.get $bias) (i32.shl (local.get $b) (i32.const 4)))))
            (v128.store (local.get $dst)
              (call $finish (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3)) (local.get $bv)
                (local.get $int8) (local.get $m) (local.get $s) (local.get $zp) (local.get $floor)))
            (v128.store (i32.add (local.get $dst) (i32.shl (local.get $np) (i32.const 2)))
              (call $finish (call $hsum4 (local.get $c0) (local.get $c1) (local.get $c2) (local.get $c3)) (local.get $bv)
                (local.get $int8) (local.get $m) (local.get $s) (local.get $zp) (local.get $floor)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $block)))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $pair)))
    ;; an odd last row (so every matrix-vector product): 1 × 4 tiles
    (if (i32.lt_u (local.get $r) (local.get $rows))
      (then
        (local.set $b (local.get $first))
        (block $blocks1_done
          (loop $block1
            (br_if $blocks1_done (i32.ge_u (local.get $b) (local.get $last)))
            (local.set $p (i32.add (local.get $w) (i32.mul (local.get $b) (i32.mul (local.get $kp) (i32.const 6)))))
            (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $kp)) (i32.const 1))))
            (local.set $xend (i32.add (local.get $xp) (i32.shl (local.get $kp) (i32.const 1))))
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (loop $chunk1
              (local.set $x0l (v128.load (local.get $xp)))
              (local.set $x0h (v128.load offset=16 (local.get $xp)))
              (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (v128.load (local.get $p)))
                (i32x4.dot_i16x8_s (local.get $x0h) (v128.load offset=16 (local.get $p))))))
              (local.set $a1 (i32x4.add (local.get $a1) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (v128.load offset=32 (local.get $p)))
                (i32x4.dot_i16x8_s (local.get $x0h) (v128.load offset=48 (local.get $p))))))
              (local.set $a2 (i32x4.add (local.get $a2) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (v128.load8x8_s offset=64 (local.get $p)))
                (i32x4.dot_i16x8_s (local.get $x0h) (v128.load8x8_s offset=72 (local.get $p))))))
              (local.set $a3 (i32x4.add (local.get $a3) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (v128.load8x8_s offset=80 (local.get $p)))
                (i32x4.dot_i16x8_s (local.get $x0h) (v128.load8x8_s offset=88 (local.get $p))))))
              (local.set $p (i32.add (local.get $p) (i32.const 96)))
              (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
              (br_if $chunk1 (i32.lt_u (local.get $xp) (local.get $xend))))
            (local.set $dst (i32.add (local.get $out)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $np)) (i32.shl (local.get $b) (i32.const 2))) (i32.const 2))))
            (v128.store (local.get $dst)
              (call $finish (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))
                (v128.load (i32.add (local.get $bias) (i32.shl (local.get $b) (i32.const 4))))
                (local.get $int8) (local.get $m) (local.get $s) (local.get $zp) (local.get $floor)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $block1))))))
)

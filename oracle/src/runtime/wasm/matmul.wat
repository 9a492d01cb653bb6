;; int8 × int8 matmul of the verifiable runtime, with its bias, requantisation and ReLU (baseline
;; WebAssembly SIMD only; docs/runtime-spec.md sections 4 and 5).
;;
;; matmul(x, w, out, rows, kp, np, first, last, bias, int8, m, s, zp, floor): for every row r < rows
;; and every output o in the weight blocks [first, last) (block b = outputs 4b…4b+3):
;;   acc = wrap32(Σ_j x[r·kp + j] · W[o][j] + bias[o])
;;   y   = int8 ? clamp(floor((acc·m + 2^(s−1)) / 2^s) + zp, −128, 127) : acc
;;   out[r·np + o] = max(y, floor)         (floor = zp or 0 for ReLU, −2^31 for none)
;; x is [rows, kp] int16 holding int8 values (kp a multiple of 16, each row zero-padded past k;
;; the caller widens it once); bias is [np] int32; out is [rows, np] int32 (np = the output count
;; rounded up to 4).
;;
;; The weights W [np, kp] are copied once into blocks of four rows, one byte per weight, two rows
;; to an int16 lane: 8-column group g of block b is 32 bytes at w + b·(4·kp) + g·32, two vectors of
;; eight int16 lanes,
;;   lane j of the first:   (W[4b][8g + j] + 128)  +  256 · W[4b+1][8g + j]
;;   lane j of the second:  (W[4b+2][8g + j] + 128)  +  256 · W[4b+3][8g + j]
;; so one pointer walks a block and every load has a constant offset.
;; A lane is the int16 L + 256·H exactly (L in [0, 255] the low byte, H in [−128, 127] the high),
;; and i16x8.shr_s(lane, 8) = H. So per vector one i32x4.dot_i16x8_s with x gives
;; Σ x·L + 256·Σ x·H, and one more after the shift gives Σ x·H: two dot products per eight columns
;; of two rows, as with rows widened to int16, but from half the memory, and with a plain load and
;; a shift where an int8 row needs a sign-extending load (a load plus a shuffle-port op each). The
;; low row's sum is then Σ x·W = (Σ x·L + 256·Σ x·H) − 256·Σ x·H − 128·Σ x: its accumulator starts
;; at −128·Σ x and loses 256 × its partner's before the horizontal sum. Every sum here is exact
;; mod 2^32 (dot products of int8 by int16 are below 2^23; i32 addition wraps), as the spec's wrap
;; needs. Measured here on mv1024, 1 thread: 13 % faster than the former layout (two rows int16,
;; two int8 sign-extended: 1.5 bytes per weight), itself faster than all int16 or all int8.
;;
;; Two rows of x share each weight load and shift: a 2 × 4 register tile stepping 8 columns (two
;; x loads, two weight loads, two shifts, eight dot products and adds: 14 live vectors, which fit
;; V8's 15; stepping 16 columns spilled four accumulators and was 17 % slower on mm64x1024). An odd
;; last row, and so every matrix-vector product, runs 1 × 4 tiles stepping 16 columns (two x
;; loads, four weight loads, four shifts, eight dot products and adds). Once every sum is stored,
;; one pass per row requantises, exact in i64 lanes (|acc·m| < 2^47) and clamped to ±1024 before
;; narrowing as in the WGSL routine. `first` and `last` let two threads split the blocks.
;; (Measured here, on mv1024: 1 × 8 tiles over 8-column steps 1–3 % faster with their own layout,
;; 6 % slower with this one; V8 already unrolls each loop by two; calling a helper per block for
;; the horizontal sums cost 6 %, as V8 in Node 20 inlines no wasm call, so they are written out
;; three times: one block loop for both tiles, to write them once, was 3 % slower.)
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; −128 · Σ x[0 … kp) of one int16 row (wrapping): minus what the biased low bytes add to a sum,
  ;; the start of the accumulators of rows 4b and 4b+2.
  (func $lowBias (param $xp i32) (param $kp i32) (result i32)
    (local $end i32) (local $acc v128)
    (local.set $end (i32.add (local.get $xp) (i32.shl (local.get $kp) (i32.const 1))))
    (loop $sum
      (local.set $acc (i32x4.add (local.get $acc) (i32x4.extadd_pairwise_i16x8_s (v128.load (local.get $xp)))))
      (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
      (br_if $sum (i32.lt_u (local.get $xp) (local.get $end))))
    (i32.sub (i32.const 0) (i32.shl
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))
      (i32.const 7))))

  ;; Requantises and floors `count` vectors of four int32 accumulators at `at` in place (see the
  ;; header); for int32 outputs only the floor applies.
  (func $requant (param $at i32) (param $count i32)
    (param $int8 i32) (param $m i32) (param $s i32) (param $zp i32) (param $floor i32)
    (local $end i32) (local $t v128) (local $lo v128) (local $hi v128) (local $round v128)
    (local.set $round (i64x2.splat (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $s) (i32.const 1))))))
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 4))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $t (v128.load (local.get $at)))
        (if (local.get $int8)
          (then
            (local.set $lo (i64x2.shr_s (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $t) (i32x4.splat (local.get $m))) (local.get $round)) (local.get $s)))
            (local.set $hi (i64x2.shr_s (i64x2.add (i64x2.extmul_high_i32x4_s (local.get $t) (i32x4.splat (local.get $m))) (local.get $round)) (local.get $s)))
            ;; i64 lanes clamped to [−1024, 1024] (past ±1024 every value clamps to the same int8 after + zp)
            (local.set $lo (v128.bitselect (i64x2.splat (i64.const 1024)) (local.get $lo) (i64x2.gt_s (local.get $lo) (i64x2.splat (i64.const 1024)))))
            (local.set $lo (v128.bitselect (i64x2.splat (i64.const -1024)) (local.get $lo) (i64x2.lt_s (local.get $lo) (i64x2.splat (i64.const -1024)))))
            (local.set $hi (v128.bitselect (i64x2.splat (i64.const 1024)) (local.get $hi) (i64x2.gt_s (local.get $hi) (i64x2.splat (i64.const 1024)))))
            (local.set $hi (v128.bitselect (i64x2.splat (i64.const -1024)) (local.get $hi) (i64x2.lt_s (local.get $hi) (i64x2.splat (i64.const -1024)))))
            (local.set $t (i32x4.min_s (i32x4.max_s
              (i32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $lo) (local.get $hi)) (i32x4.splat (local.get $zp)))
              (i32x4.splat (i32.const -128))) (i32x4.splat (i32.const 127))))))
        (v128.store (local.get $at) (i32x4.max_s (local.get $t) (i32x4.splat (local.get $floor))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each))))

  (func (export "matmul")
    (param $x i32) (param $w i32) (param $out i32) (param $rows i32) (param $kp i32) (param $np i32)
    (param $first i32) (param $last i32)
    (param $bias i32) (param $int8 i32) (param $m i32) (param $s i32) (param $zp i32) (param $floor i32)
    (local $r i32) (local $b i32) (local $p i32) (local $xp i32) (local $xp1 i32) (local $xend i32) (local $dst i32)
    (local $bv v128) (local $z0 v128) (local $z1 v128) (local $t v128) (local $u v128)
    (local $x0l v128) (local $x0h v128) (local $x1l v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    ;; pairs of rows: 2 × 4 tiles
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $rows)))
        (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $kp)) (i32.const 1))))
        (local.set $z0 (i32x4.replace_lane 0 (v128.const i32x4 0 0 0 0) (call $lowBias (local.get $xp) (local.get $kp))))
        (local.set $z1 (i32x4.replace_lane 0 (v128.const i32x4 0 0 0 0)
          (call $lowBias (i32.add (local.get $xp) (i32.shl (local.get $kp) (i32.const 1))) (local.get $kp))))
        (local.set $b (local.get $first))
        (block $blocks_done
          (loop $block
            (br_if $blocks_done (i32.ge_u (local.get $b) (local.get $last)))
            (local.set $p (i32.add (local.get $w) (i32.mul (local.get $b) (i32.shl (local.get $kp) (i32.const 2)))))
            (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $kp)) (i32.const 1))))
            (local.set $xend (i32.add (local.get $xp) (i32.shl (local.get $kp) (i32.const 1))))
            (local.set $xp1 (local.get $xend))
            (local.set $a0 (local.get $z0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (local.get $z0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $c0 (local.get $z1)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (local.get $z1)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (loop $chunk
              (local.set $x0l (v128.load (local.get $xp)))
              (local.set $x1l (v128.load (local.get $xp1)))
              (local.set $v0 (v128.load (local.get $p)))
              (local.set $v1 (v128.load offset=16 (local.get $p)))
              (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $x0l) (local.get $v0))))
              (local.set $c0 (i32x4.add (local.get $c0) (i32x4.dot_i16x8_s (local.get $x1l) (local.get $v0))))
              (local.set $v0 (i16x8.shr_s (local.get $v0) (i32.const 8)))
              (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $x0l) (local.get $v0))))
              (local.set $c1 (i32x4.add (local.get $c1) (i32x4.dot_i16x8_s (local.get $x1l) (local.get $v0))))
              (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $x0l) (local.get $v1))))
              (local.set $c2 (i32x4.add (local.get $c2) (i32x4.dot_i16x8_s (local.get $x1l) (local.get $v1))))
              (local.set $v1 (i16x8.shr_s (local.get $v1) (i32.const 8)))
              (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $x0l) (local.get $v1))))
              (local.set $c3 (i32x4.add (local.get $c3) (i32x4.dot_i16x8_s (local.get $x1l) (local.get $v1))))
              (local.set $p (i32.add (local.get $p) (i32.const 32)))
              (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
              (local.set $xp1 (i32.add (local.get $xp1) (i32.const 16)))
              (br_if $chunk (i32.lt_u (local.get $xp) (local.get $xend))))
            (local.set $a0 (i32x4.sub (local.get $a0) (i32x4.shl (local.get $a1) (i32.const 8))))
            (local.set $a2 (i32x4.sub (local.get $a2) (i32x4.shl (local.get $a3) (i32.const 8))))
            (local.set $c0 (i32x4.sub (local.get $c0) (i32x4.shl (local.get $c1) (i32.const 8))))
            (local.set $c2 (i32x4.sub (local.get $c2) (i32x4.shl (local.get $c3) (i32.const 8))))
            (local.set $dst (i32.add (local.get $out)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $np)) (i32.shl (local.get $b) (i32.const 2))) (i32.const 2))))
            (local.set $bv (v128.load (i32.add (local.get $bias) (i32.shl (local.get $b) (i32.const 4)))))
            (v128.store (local.get $dst)
              (i32x4.add (local.get $bv) (i32x4.add
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (local.tee $t (i32x4.add
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
                  (local.tee $u (i32x4.add
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t) (local.get $u)))))
            (v128.store (i32.add (local.get $dst) (i32.shl (local.get $np) (i32.const 2)))
              (i32x4.add (local.get $bv) (i32x4.add
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (local.tee $t (i32x4.add
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c0) (local.get $c1))
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c0) (local.get $c1))))
                  (local.tee $u (i32x4.add
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c2) (local.get $c3))
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c2) (local.get $c3)))))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t) (local.get $u)))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $block)))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $pair)))
    ;; an odd last row (so every matrix-vector product): 1 × 4 tiles
    (if (i32.lt_u (local.get $r) (local.get $rows))
      (then
        (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $kp)) (i32.const 1))))
        (local.set $z0 (i32x4.replace_lane 0 (v128.const i32x4 0 0 0 0) (call $lowBias (local.get $xp) (local.get $kp))))
        (local.set $b (local.get $first))
        (block $blocks1_done
          (loop $block1
            (br_if $blocks1_done (i32.ge_u (local.get $b) (local.get $last)))
            (local.set $p (i32.add (local.get $w) (i32.mul (local.get $b) (i32.shl (local.get $kp) (i32.const 2)))))
            (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $kp)) (i32.const 1))))
            (local.set $xend (i32.add (local.get $xp) (i32.shl (local.get $kp) (i32.const 1))))
            (local.set $a0 (local.get $z0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (local.get $z0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (loop $chunk1
              (local.set $x0l (v128.load (local.get $xp)))
              (local.set $x0h (v128.load offset=16 (local.get $xp)))
              (local.set $v0 (v128.load (local.get $p)))
              (local.set $v1 (v128.load offset=32 (local.get $p)))
              (local.set $v2 (v128.load offset=16 (local.get $p)))
              (local.set $v3 (v128.load offset=48 (local.get $p)))
              (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (local.get $v0)) (i32x4.dot_i16x8_s (local.get $x0h) (local.get $v1)))))
              (local.set $a1 (i32x4.add (local.get $a1) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (i16x8.shr_s (local.get $v0) (i32.const 8)))
                (i32x4.dot_i16x8_s (local.get $x0h) (i16x8.shr_s (local.get $v1) (i32.const 8))))))
              (local.set $a2 (i32x4.add (local.get $a2) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (local.get $v2)) (i32x4.dot_i16x8_s (local.get $x0h) (local.get $v3)))))
              (local.set $a3 (i32x4.add (local.get $a3) (i32x4.add
                (i32x4.dot_i16x8_s (local.get $x0l) (i16x8.shr_s (local.get $v2) (i32.const 8)))
                (i32x4.dot_i16x8_s (local.get $x0h) (i16x8.shr_s (local.get $v3) (i32.const 8))))))
              (local.set $p (i32.add (local.get $p) (i32.const 64)))
              (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
              (br_if $chunk1 (i32.lt_u (local.get $xp) (local.get $xend))))
            (local.set $a0 (i32x4.sub (local.get $a0) (i32x4.shl (local.get $a1) (i32.const 8))))
            (local.set $a2 (i32x4.sub (local.get $a2) (i32x4.shl (local.get $a3) (i32.const 8))))
            (v128.store (i32.add (local.get $out)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $np)) (i32.shl (local.get $b) (i32.const 2))) (i32.const 2)))
              (i32x4.add (v128.load (i32.add (local.get $bias) (i32.shl (local.get $b) (i32.const 4)))) (i32x4.add
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (local.tee $t (i32x4.add
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
                  (local.tee $u (i32x4.add
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t) (local.get $u)))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $block1)))))
    ;; requantisation and floor, row by row over this thread's blocks
    (if (i32.or (local.get $int8) (i32.ne (local.get $floor) (i32.const -2147483648)))
      (then
        (local.set $r (i32.const 0))
        (block $requant_done
          (loop $requant_row
            (br_if $requant_done (i32.ge_u (local.get $r) (local.get $rows)))
            (call $requant
              (i32.add (local.get $out)
                (i32.shl (i32.add (i32.mul (local.get $r) (local.get $np)) (i32.shl (local.get $first) (i32.const 2))) (i32.const 2)))
              (i32.sub (local.get $last) (local.get $first))
              (local.get $int8) (local.get $m) (local.get $s) (local.get $zp) (local.get $floor))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $requant_row))))))
)

;; int8 × int8 → int32 matrix product for the verifiable runtime (baseline WebAssembly SIMD only).
;;
;; matmul(x, w, out, rows, k, n): for r < rows, o < n:
;;   out[r·n + o] = Σ_j x[r·k + j] · w[o·k + j]        (i32, wrapping modulo 2^32)
;; x is [rows, k] int8; w is the weights [n, k] (weights [out, in]) pre-widened to int16, each row
;; padded to a multiple of 8 elements (kp = k rounded up to 8) with zeros; out is [rows, n] int32
;; little-endian. x rows are padded the same way (zeros past k), so padding adds nothing.
;; Each 16-byte step of x is widened once (i16x8.extend_{low,high}_i8x16_s) and shared by four
;; weight rows; i32x4.dot_i16x8_s multiplies-adds pairs into i32 lanes. Products are at most 2^14
;; in magnitude, so every lane sum is exact before the final wrap.
(module
  (memory (export "memory") 1)

  ;; Σ of the four i32 lanes.
  (func $hsum (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; x: [rows, kp] int8 (kp a multiple of 16), w: [n, kp] int16.
  (func (export "matmul") (param $x i32) (param $w i32) (param $out i32) (param $rows i32) (param $kp i32) (param $n i32)
    (local $r i32) (local $o i32) (local $j i32) (local $wrow i32)
    (local $xr i32) (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $xv v128) (local $xl v128) (local $xh v128) (local $dst i32) (local $jw i32)
    (local.set $wrow (i32.shl (local.get $kp) (i32.const 1)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $xr (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $kp))))
        (local.set $o (i32.const 0))
        (block $quads_done
          (loop $quad
            (br_if $quads_done (i32.gt_u (i32.add (local.get $o) (i32.const 4)) (local.get $n)))
            (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $o) (local.get $wrow))))
            (local.set $w1 (i32.add (local.get $w0) (local.get $wrow)))
            (local.set $w2 (i32.add (local.get $w1) (local.get $wrow)))
            (local.set $w3 (i32.add (local.get $w2) (local.get $wrow)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $j (i32.const 0))
            (block $chunks_done
              (loop $chunk
                (br_if $chunks_done (i32.ge_u (local.get $j) (local.get $kp)))
                (local.set $xv (v128.load (i32.add (local.get $xr) (local.get $j))))
                (local.set $xl (i16x8.extend_low_i8x16_s (local.get $xv)))
                (local.set $xh (i16x8.extend_high_i8x16_s (local.get $xv)))
                (local.set $jw (i32.shl (local.get $j) (i32.const 1)))
                (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
                  (i32x4.dot_i16x8_s (local.get $xl) (v128.load (i32.add (local.get $w0) (local.get $jw))))
                  (i32x4.dot_i16x8_s (local.get $xh) (v128.load offset=16 (i32.add (local.get $w0) (local.get $jw)))))))
                (local.set $a1 (i32x4.add (local.get $a1) (i32x4.add
                  (i32x4.dot_i16x8_s (local.get $xl) (v128.load (i32.add (local.get $w1) (local.get $jw))))
                  (i32x4.dot_i16x8_s (local.get $xh) (v128.load offset=16 (i32.add (local.get $w1) (local.get $jw)))))))
                (local.set $a2 (i32x4.add (local.get $a2) (i32x4.add
                  (i32x4.dot_i16x8_s (local.get $xl) (v128.load (i32.add (local.get $w2) (local.get $jw))))
                  (i32x4.dot_i16x8_s (local.get $xh) (v128.load offset=16 (i32.add (local.get $w2) (local.get $jw)))))))
                (local.set $a3 (i32x4.add (local.get $a3) (i32x4.add
                  (i32x4.dot_i16x8_s (local.get $xl) (v128.load (i32.add (local.get $w3) (local.get $jw))))
                  (i32x4.dot_i16x8_s (local.get $xh) (v128.load offset=16 (i32.add (local.get $w3) (local.get $jw)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $chunk)))
            (local.set $dst (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (local.get $o)) (i32.const 2))))
            (i32.store (local.get $dst) (call $hsum (local.get $a0)))
            (i32.store offset=4 (local.get $dst) (call $hsum (local.get $a1)))
            (i32.store offset=8 (local.get $dst) (call $hsum (local.get $a2)))
            (i32.store offset=12 (local.get $dst) (call $hsum (local.get $a3)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $quad)))
        (block $singles_done
          (loop $single
            (br_if $singles_done (i32.ge_u (local.get $o) (local.get $n)))
            (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $o) (local.get $wrow))))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $j (i32.const 0))
            (block $chunks1_done
              (loop $chunk1
                (br_if $chunks1_done (i32.ge_u (local.get $j) (local.get $kp)))
                (local.set $xv (v128.load (i32.add (local.get $xr) (local.get $j))))
                (local.set $jw (i32.shl (local.get $j) (i32.const 1)))
                (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
                  (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $xv)) (v128.load (i32.add (local.get $w0) (local.get $jw))))
                  (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $xv)) (v128.load offset=16 (i32.add (local.get $w0) (local.get $jw)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $chunk1)))
            (i32.store
              (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (local.get $o)) (i32.const 2)))
              (call $hsum (local.get $a0)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $single)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
